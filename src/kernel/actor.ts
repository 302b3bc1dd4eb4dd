/**
 * Who did something. Every mutation records an actor: a staff user, an API key, or the system itself
 * (the CLI, the demo seeder, background sweepers). There is no anonymous actor.
 */
export type ActorKind = 'user' | 'api_key' | 'system';

export interface Actor {
  readonly kind: ActorKind;
  /** `usr_…`, `key_…`, or `system:<component>` for the system. */
  readonly id: string;
  readonly name: string;
  /** The role the actor acted with (an API key acts with its creator's role, capped by its scopes). */
  readonly role: string | null;
}

export function systemActor(component: string): Actor {
  return { kind: 'system', id: `system:${component}`, name: `Coulisse ${component}`, role: 'system' };
}
