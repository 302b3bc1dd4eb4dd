import { useState } from 'react';
import { useMe, useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  Loading,
  SelectField,
  Table,
  TextField,
  useToast,
} from '../../ui';
import {
  ROLES,
  type Role,
  type User,
  useCreateUser,
  useSetPassword,
  useUpdateUser,
  useUsers,
  useWarehouses,
} from './api';
import { ConfirmDialog, FormError, fieldError, WarehousePicker } from './common';

type Editing = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User };

/** Staff accounts: who they are, their role and warehouses; create, change, disable, reset a password. */
export function UsersPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const me = useMe();
  const toast = useToast();
  useDocumentTitle(t('settings.tabs.users'));
  const users = useUsers();
  const update = useUpdateUser();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const canWrite = can('users.write');
  // Only an owner manages owners (the server says owner_only otherwise): no button that can only fail.
  const mayManage = (u: User) => canWrite && (me.role === 'owner' || u.role !== 'owner');

  const toggle = (user: User) =>
    update.mutate(
      { id: user.id, body: { isDisabled: !user.isDisabled, version: user.version } },
      {
        onSuccess: (u) => {
          toast.success(
            t(u.isDisabled ? 'settings.users.disabled' : 'settings.users.enabled', { name: u.name }),
          );
          setToggling(null);
        },
      },
    );

  return (
    <section className="section">
      <div className="section-header">
        <p className="muted">{t('settings.users.intro')}</p>
        {canWrite ? (
          <Button variant="primary" onClick={() => setEditing({ kind: 'create' })}>
            {t('settings.users.new')}
          </Button>
        ) : null}
      </div>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.length === 0 ? (
        <EmptyState title={t('settings.users.empty')} />
      ) : (
        <Table caption={t('settings.tabs.users')} className="users-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.users.columns.name')}</th>
              <th scope="col">{t('settings.users.columns.email')}</th>
              <th scope="col">{t('settings.users.columns.role')}</th>
              <th scope="col">{t('settings.users.columns.warehouses')}</th>
              <th scope="col">{t('settings.users.columns.status')}</th>
              {canWrite ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id} data-user={u.email}>
                <td>
                  {u.name}
                  {u.id === me.userId ? <span className="muted"> ({t('settings.users.you')})</span> : null}
                </td>
                <td className="mono">{u.email}</td>
                <td>{label('role', u.role)}</td>
                <td>
                  {u.allWarehouses || u.role === 'owner' || u.role === 'admin'
                    ? t('settings.allWarehouses')
                    : u.warehouses.join(', ') || t('settings.noWarehouses')}
                </td>
                <td>
                  {u.isDisabled ? (
                    <Badge tone="muted">{t('settings.status.disabled')}</Badge>
                  ) : (
                    <Badge tone="success">{t('settings.status.active')}</Badge>
                  )}
                </td>
                {canWrite ? (
                  <td>
                    {mayManage(u) ? (
                      <div className="row-actions">
                        <Button size="sm" onClick={() => setEditing({ kind: 'edit', user: u })}>
                          {t('settings.edit')}
                        </Button>
                        <Button size="sm" onClick={() => setEditing({ kind: 'password', user: u })}>
                          {t('settings.users.resetPassword')}
                        </Button>
                        {u.id !== me.userId ? (
                          u.isDisabled ? (
                            <Button size="sm" onClick={() => toggle(u)} isLoading={update.isPending}>
                              {t('settings.users.enable')}
                            </Button>
                          ) : (
                            <Button size="sm" variant="danger" onClick={() => setToggling(u)}>
                              {t('settings.users.disable')}
                            </Button>
                          )
                        ) : null}
                      </div>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing?.kind === 'create' || editing?.kind === 'edit' ? (
        <UserDialog user={editing.kind === 'edit' ? editing.user : null} onClose={() => setEditing(null)} />
      ) : null}
      {editing?.kind === 'password' ? (
        <PasswordDialog user={editing.user} onClose={() => setEditing(null)} />
      ) : null}
      {toggling ? (
        <ConfirmDialog
          title={t('settings.users.disableTitle', { name: toggling.name })}
          description={t('settings.users.disableHint')}
          confirmLabel={t('settings.users.disable')}
          isBusy={update.isPending}
          error={update.error}
          onConfirm={() => toggle(toggling)}
          onClose={() => {
            update.reset();
            setToggling(null);
          }}
        />
      ) : null}
    </section>
  );
}

const MIN_PASSWORD = 12;

function UserDialog({ user, onClose }: { user: User | null; onClose(): void }) {
  const { t, label } = useI18n();
  const me = useMe();
  const toast = useToast();
  const create = useCreateUser();
  const update = useUpdateUser();
  const warehouses = useWarehouses();
  const mutation = user ? update : create;
  const [email, setEmail] = useState('');
  const [name, setName] = useState(user?.name ?? '');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>((user?.role as Role | undefined) ?? 'warehouse_operator');
  const [all, setAll] = useState(user?.allWarehouses ?? false);
  const [selected, setSelected] = useState<string[]>(user?.warehouses ?? []);
  const [touched, setTouched] = useState(false);
  const unscoped = role === 'owner' || role === 'admin';
  const roles = ROLES.filter((r) => r !== 'owner' || me.role === 'owner');

  const problems = {
    email: user
      ? null
      : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())
        ? null
        : t('settings.users.invalidEmail'),
    name: name.trim() === '' ? t('common.required') : null,
    password: user ? null : [...password].length < MIN_PASSWORD ? t('settings.users.passwordTooShort') : null,
    warehouses: !unscoped && !all && selected.length === 0 ? t('settings.users.warehousesRequired') : null,
  };
  const hasProblem = Object.values(problems).some(Boolean);
  const serverError = mutation.error;

  const submit = () => {
    setTouched(true);
    if (hasProblem) return;
    const scope = unscoped
      ? {}
      : all
        ? { allWarehouses: true }
        : { warehouses: selected, allWarehouses: false };
    if (user) {
      update.mutate(
        {
          id: user.id,
          body: {
            version: user.version,
            ...(name.trim() !== user.name ? { name: name.trim() } : {}),
            ...(role !== user.role && user.id !== me.userId ? { role } : {}),
            ...scope,
          },
        },
        {
          onSuccess: (u) => {
            toast.success(t('settings.users.updated', { name: u.name }));
            onClose();
          },
        },
      );
    } else {
      create.mutate(
        { email: email.trim(), name: name.trim(), password, role, ...scope },
        {
          onSuccess: (u) => {
            toast.success(t('settings.users.created', { name: u.name }));
            onClose();
          },
        },
      );
    }
  };

  return (
    <Dialog
      title={user ? t('settings.users.editTitle', { name: user.name }) : t('settings.users.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={mutation.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={mutation.isPending}>
            {user ? t('common.save') : t('settings.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        {user ? null : (
          <TextField
            label={t('settings.users.email')}
            name="email"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={(touched ? problems.email : null) ?? fieldError(serverError, 'email')}
          />
        )}
        <TextField
          label={t('settings.users.name')}
          name="name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          error={(touched ? problems.name : null) ?? fieldError(serverError, 'name')}
        />
        {user ? null : (
          <TextField
            label={t('settings.users.password')}
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            maxLength={256}
            onChange={(e) => setPassword(e.target.value)}
            hint={t('settings.users.passwordHint')}
            error={(touched ? problems.password : null) ?? fieldError(serverError, 'password')}
          />
        )}
        <SelectField
          label={t('settings.users.role')}
          name="role"
          value={role}
          disabled={user?.id === me.userId}
          onChange={(e) => setRole(e.target.value as Role)}
          error={fieldError(serverError, 'role')}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {label('role', r)}
            </option>
          ))}
        </SelectField>
        {unscoped ? (
          <p className="muted small">{t('settings.users.allWarehousesHint')}</p>
        ) : (
          <WarehousePicker
            warehouses={warehouses.data ?? []}
            selected={selected}
            onChange={setSelected}
            all={all}
            onAllChange={setAll}
            error={(touched ? problems.warehouses : null) ?? fieldError(serverError, 'warehouses')}
          />
        )}
        <FormError error={serverError} />
      </div>
    </Dialog>
  );
}

function PasswordDialog({ user, onClose }: { user: User; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const reset = useSetPassword();
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const problem = [...password].length < MIN_PASSWORD ? t('settings.users.passwordTooShort') : null;
  const submit = () => {
    setTouched(true);
    if (problem) return;
    reset.mutate(
      { id: user.id, password },
      {
        onSuccess: () => {
          toast.success(t('settings.users.resetDone', { name: user.name }));
          onClose();
        },
      },
    );
  };
  return (
    <Dialog
      title={t('settings.users.resetTitle', { name: user.name })}
      description={t('settings.users.resetHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={reset.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={reset.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={reset.isPending}>
            {t('settings.users.resetPassword')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('settings.users.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          maxLength={256}
          onChange={(e) => setPassword(e.target.value)}
          hint={t('settings.users.passwordHint')}
          error={(touched ? problem : null) ?? fieldError(reset.error, 'password')}
        />
        <FormError error={reset.error} />
      </div>
    </Dialog>
  );
}
