import { useUserNames } from '../api/queries';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';

/**
 * Who did something, for people: a user's name when the reader may list users (else the id the server
 * recorded), an API key, or the system component (demo, cli, sweeper …).
 */
export function useActorLabel(): (actor: { kind: string; id: string }) => string {
  const { t } = useI18n();
  const { can } = useSession();
  const names = useUserNames(can('users.read')).data;
  return (actor) => {
    if (actor.kind === 'user') return names?.get(actor.id) ?? actor.id;
    if (actor.kind === 'api_key') return t('common.apiKey', { id: actor.id });
    if (actor.kind === 'system') return `${t('common.system')} (${actor.id.replace(/^system:/, '')})`;
    return `${actor.kind}:${actor.id}`;
  };
}
