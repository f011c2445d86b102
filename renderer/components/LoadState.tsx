import { Alert, Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Method } from '../../shared/contract.ts';
import type { ApiState } from './useApi.ts';

/**
 * The one "loading" indicator: a status region screen readers announce (a bare Loader's aria-label sits on
 * a role-less element, which ARIA prohibits).
 */
export function Loading({ py = 'xl' }: { py?: 'lg' | 'xl' }) {
  return (
    <Center py={py} role="status" aria-label="Chargement">
      <Loader />
    </Center>
  );
}

/** Shows a loader while a call runs and its French message if it fails; otherwise the content. */
export function LoadState<M extends Method>({
  state,
  children,
}: {
  state: ApiState<M>;
  children: (data: NonNullable<ApiState<M>['data']>) => ReactNode;
}) {
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'failed') {
    return (
      <Alert color="red" title="Impossible d’afficher cette page" role="alert">
        {state.error.message}
      </Alert>
    );
  }
  return <>{children(state.data)}</>;
}
