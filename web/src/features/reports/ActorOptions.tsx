import { useUserNames } from '../../api/queries';
import { useSession } from '../../app/session';

/** Suggestions for an actor filter: the staff by name (the filter takes their id), for who may list them. */
export function ActorOptions({ id }: { id: string }) {
  const { can } = useSession();
  const names = useUserNames(can('users.read')).data;
  return (
    <datalist id={id}>
      {[...(names ?? new Map<string, string>())].map(([userId, name]) => (
        <option key={userId} value={userId}>
          {name}
        </option>
      ))}
    </datalist>
  );
}
