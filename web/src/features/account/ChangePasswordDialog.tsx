import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, InlineError, TextField, useErrorMessage, useToast } from '../../ui';

const MIN_PASSWORD = 12;

/** The signed-in user's own password (POST /v1/me/password): the other sessions end, this one stays. */
export function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const { t, plural } = useI18n();
  const toast = useToast();
  const message = useErrorMessage();
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST('/v1/me/password', { body })),
  });
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [touched, setTouched] = useState(false);
  const problems = {
    current: current === '' ? t('common.required') : null,
    next: [...next].length < MIN_PASSWORD ? t('account.tooShort') : null,
    again: again !== next ? t('account.mismatch') : null,
  };
  const serverError = change.error instanceof ApiError ? change.error : null;
  const serverFor = (field: string) =>
    serverError?.field?.replace(/^\/?(body[./])?/, '') === field ? message(serverError) : null;

  const submit = () => {
    setTouched(true);
    if (problems.current || problems.next || problems.again) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: (result) => {
          toast.success(plural('account.done', result.sessionsEnded));
          onClose();
        },
      },
    );
  };
  const fieldIsServer = serverFor('currentPassword') !== null || serverFor('newPassword') !== null;
  return (
    <Dialog
      title={t('account.title')}
      description={t('account.intro')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={change.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={change.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={change.isPending}>
            {t('account.submit')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('account.current')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={current}
          maxLength={256}
          onChange={(e) => setCurrent(e.target.value)}
          error={(touched ? problems.current : null) ?? serverFor('currentPassword')}
        />
        <TextField
          label={t('account.next')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={next}
          maxLength={256}
          onChange={(e) => setNext(e.target.value)}
          hint={t('account.hint')}
          error={(touched ? problems.next : null) ?? serverFor('newPassword')}
        />
        <TextField
          label={t('account.confirm')}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          value={again}
          maxLength={256}
          onChange={(e) => setAgain(e.target.value)}
          error={touched ? problems.again : null}
        />
        {change.error && !fieldIsServer ? <InlineError error={change.error} /> : null}
      </div>
    </Dialog>
  );
}
