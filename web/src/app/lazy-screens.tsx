import { type ComponentProps, type ComponentType, type JSX, lazy, Suspense } from 'react';
import { Loading } from '../ui';

// biome-ignore lint/suspicious/noExplicitAny: a screen may take any props; each one keeps its own type below.
type AnyComponent = ComponentType<any>;
type ScreenNames<M> = { [K in keyof M]: M[K] extends AnyComponent ? K : never }[keyof M];

/**
 * The screens of one feature area, loaded on first use: `lazyScreens(() => import('./screens'))` gives a
 * function naming each screen of that module. Every screen of the area comes from the same chunk (one
 * download per area), and each waits behind the design system's loading state while it arrives. The routes,
 * titles and permission guards stay in the main chunk, so a role that may not open a screen never downloads
 * it.
 */
export function lazyScreens<M extends object>(load: () => Promise<M>) {
  let module: Promise<M> | null = null;
  const once = () => {
    module ??= load().catch((error: unknown) => {
      // A failed download (offline, a deploy replaced the chunk) is tried again on the next visit.
      module = null;
      throw error;
    });
    return module;
  };
  return <K extends ScreenNames<M>>(name: K) => {
    type Props = M[K] extends AnyComponent ? ComponentProps<M[K]> : never;
    const Lazy = lazy(() => once().then((m) => ({ default: m[name] as AnyComponent })));
    // biome-ignore lint/correctness/noComponentHookFactories: called once per screen at module load, never in render.
    function Screen(props: Props): JSX.Element {
      return (
        <Suspense fallback={<Loading />}>
          <Lazy {...props} />
        </Suspense>
      );
    }
    Screen.displayName = `Lazy(${String(name)})`;
    return Screen;
  };
}
