import { useMemo, useState } from 'react';
import {
  type CreateLocationBody,
  useCreateLocation,
  useRemoveLocation,
  useSetLocationUsage,
} from '../../api/catalog';
import type { Location } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, RadioGroup, SelectField, TextField, useToast } from '../../ui';
import { CodedError } from './CodedError';
import { defaultUsage, hasUsage, LOCATION_USAGES, type LocationUsage } from './location-usage';

export type LocationAction =
  | { kind: 'create'; parent: Location | null }
  | { kind: 'archive' | 'delete' | 'usage'; location: Location }
  | { kind: 'receive'; location: Location };

type Kind = CreateLocationBody['kind'];

/** Creates a location, changes a zone's or bin's usage, or archives or deletes one, from the locations tree. */
export function LocationActionDialog({
  action,
  locations,
  onCreated,
  onClose,
}: {
  action: Exclude<LocationAction, { kind: 'receive' }>;
  locations: readonly Location[];
  onCreated(location: Location): void;
  onClose(): void;
}) {
  if (action.kind === 'create')
    return (
      <CreateLocationDialog
        parent={action.parent}
        locations={locations}
        onCreated={onCreated}
        onClose={onClose}
      />
    );
  if (action.kind === 'usage') return <UsageDialog location={action.location} onClose={onClose} />;
  return <RemoveLocationDialog verb={action.kind} location={action.location} onClose={onClose} />;
}

function CreateLocationDialog({
  parent: initialParent,
  locations,
  onCreated,
  onClose,
}: {
  parent: Location | null;
  locations: readonly Location[];
  onCreated(location: Location): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreateLocation();
  const [kind, setKind] = useState<Kind>(
    initialParent === null ? 'warehouse' : initialParent.kind === 'warehouse' ? 'zone' : 'bin',
  );
  const [parent, setParent] = useState(initialParent?.code ?? '');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [region, setRegion] = useState('');
  // null: the default for the chosen kind and parent (a bin takes its zone's usage), until one is picked.
  const [chosenUsage, setUsage] = useState<LocationUsage | null>(null);
  const usage = chosenUsage ?? defaultUsage(kind, parent, locations);
  const [touched, setTouched] = useState(false);
  // Zones go in a warehouse; bins in a warehouse or a zone.
  const parents = useMemo(
    () =>
      locations
        .filter((l) => !l.isArchived && (l.kind === 'warehouse' || (kind === 'bin' && l.kind === 'zone')))
        .map((l) => l.code)
        .sort(),
    [locations, kind],
  );

  const problems = {
    parent: kind !== 'warehouse' && parent === '' ? t('common.required') : null,
    code: code.trim() === '' ? t('common.required') : null,
    country:
      kind === 'warehouse' && country.trim() !== '' && !/^[A-Z]{2}$/.test(country.trim())
        ? t('catalog.locations.countryHint')
        : null,
  };

  const submit = () => {
    setTouched(true);
    if (Object.values(problems).some(Boolean)) return;
    const body: CreateLocationBody = {
      kind,
      code: code.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(kind !== 'warehouse' ? { parent } : {}),
      ...(kind === 'warehouse' && country.trim() ? { country: country.trim() } : {}),
      ...(kind === 'warehouse' && region.trim() ? { region: region.trim() } : {}),
      ...(hasUsage(kind) ? { usage } : {}),
    };
    create.mutate(body, {
      onSuccess: (created) => {
        toast.success(t('catalog.locations.created', { code: created.code }));
        onCreated(created);
        onClose();
      },
    });
  };

  return (
    <Dialog
      title={
        initialParent
          ? t('catalog.locations.createUnder', { code: initialParent.code })
          : t('catalog.locations.createTitle')
      }
      onClose={onClose}
      onSubmit={submit}
      isBusy={create.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('settings.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        <SelectField
          label={t('catalog.locations.kind')}
          name="kind"
          value={kind}
          onChange={(e) => {
            const next = e.target.value as Kind;
            setKind(next);
            if (
              next === 'zone' &&
              parent &&
              !locations.some((l) => l.code === parent && l.kind === 'warehouse')
            )
              setParent('');
          }}
        >
          {(initialParent === null
            ? (['warehouse', 'zone', 'bin'] as const)
            : initialParent.kind === 'warehouse'
              ? (['zone', 'bin'] as const)
              : (['bin'] as const)
          ).map((k) => (
            <option key={k} value={k}>
              {t(`locations.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        {kind !== 'warehouse' ? (
          <SelectField
            label={t('catalog.locations.parent')}
            name="parent"
            value={parent}
            onChange={(e) => setParent(e.target.value)}
            error={touched ? problems.parent : null}
          >
            <option value="" disabled>
              —
            </option>
            {parents.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </SelectField>
        ) : null}
        <TextField
          label={t('catalog.locations.code')}
          name="code"
          value={code}
          maxLength={80}
          autoComplete="off"
          onChange={(e) => setCode(e.target.value)}
          hint={t('catalog.locations.codeHint')}
          error={touched ? problems.code : null}
        />
        <TextField
          label={t('catalog.locations.name')}
          name="name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          isOptional
        />
        {hasUsage(kind) ? (
          <SelectField
            label={t('catalog.locations.usage')}
            name="usage"
            value={usage}
            onChange={(e) => setUsage(e.target.value as LocationUsage)}
            hint={t('catalog.locations.usageHint')}
            data-testid="location-usage-select"
          >
            {LOCATION_USAGES.map((u) => (
              <option key={u} value={u}>
                {t(`catalog.locations.usageOf.${u}`)}
              </option>
            ))}
          </SelectField>
        ) : null}
        {kind === 'warehouse' ? (
          <>
            <TextField
              label={t('catalog.locations.country')}
              name="country"
              value={country}
              maxLength={2}
              onChange={(e) => setCountry(e.target.value.toUpperCase())}
              hint={t('catalog.locations.countryHint')}
              error={touched ? problems.country : null}
              isOptional
            />
            <TextField
              label={t('catalog.locations.region')}
              name="region"
              value={region}
              maxLength={100}
              onChange={(e) => setRegion(e.target.value)}
              isOptional
            />
          </>
        ) : null}
        <CodedError error={create.error} />
      </div>
    </Dialog>
  );
}

function RemoveLocationDialog({
  verb,
  location,
  onClose,
}: {
  verb: 'archive' | 'delete';
  location: Location;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const remove = useRemoveLocation();
  const vars = { code: location.code };
  return (
    <Dialog
      title={
        verb === 'archive'
          ? t('catalog.locations.archiveTitle', vars)
          : t('catalog.locations.deleteTitle', vars)
      }
      description={
        verb === 'archive' ? t('catalog.locations.archiveHint') : t('catalog.locations.deleteHint')
      }
      onClose={onClose}
      onSubmit={() =>
        remove.mutate(
          { code: location.code, verb },
          {
            onSuccess: () => {
              toast.success(
                verb === 'archive'
                  ? t('catalog.locations.archived', vars)
                  : t('catalog.locations.deleted', vars),
              );
              onClose();
            },
          },
        )
      }
      isBusy={remove.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={remove.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="danger" isLoading={remove.isPending}>
            {verb === 'archive' ? t('catalog.locations.archive') : t('catalog.locations.delete')}
          </Button>
        </>
      }
    >
      <CodedError error={remove.error} />
    </Dialog>
  );
}

/** What a zone or bin is for; the server refuses (409) to make a location holding reserved units non-storage. */
function UsageDialog({ location, onClose }: { location: Location; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const setUsage = useSetLocationUsage();
  const [usage, setChoice] = useState<LocationUsage>(location.usage);
  const vars = { code: location.code };
  return (
    <Dialog
      title={t('catalog.locations.changeUsageTitle', vars)}
      description={
        <>
          {t('catalog.locations.usageHint')}{' '}
          {location.kind === 'zone' ? t('catalog.locations.changeUsageZoneHint') : null}{' '}
          {t('catalog.locations.changeUsageHeld')}
        </>
      }
      onClose={onClose}
      onSubmit={() =>
        setUsage.mutate(
          { code: location.code, usage },
          {
            onSuccess: (changed) => {
              toast.success(
                t('catalog.locations.usageChanged', {
                  code: changed.code,
                  usage: t(`catalog.locations.usageOf.${changed.usage}`),
                }),
              );
              onClose();
            },
          },
        )
      }
      isBusy={setUsage.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={setUsage.isPending}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            variant="primary"
            isLoading={setUsage.isPending}
            disabled={usage === location.usage}
            data-testid="usage-submit"
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <RadioGroup<LocationUsage>
        legend={t('catalog.locations.usage')}
        name="usage"
        value={usage}
        options={LOCATION_USAGES.map((u) => ({ value: u, label: t(`catalog.locations.usageOf.${u}`) }))}
        onChange={setChoice}
      />
      <CodedError error={setUsage.error} />
    </Dialog>
  );
}
