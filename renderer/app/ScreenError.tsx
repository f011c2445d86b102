import { Alert, Anchor, Stack, Title } from '@mantine/core';
import { Link, useRouteError } from 'react-router';

/**
 * A screen that failed to show (a bug): a French message and a way on, instead of the router's developer
 * page. Nothing was written by showing a screen, so nothing is lost.
 */
export function ScreenError() {
  const error = useRouteError();
  return (
    <Stack gap="sm" maw={720} p="md">
      <Title order={2}>Cet écran n’a pas pu s’afficher</Title>
      <Alert color="red" role="alert">
        Une erreur inattendue l’en a empêché ; vos données ne sont pas touchées. Revenez à un autre écran, et
        si l’erreur revient, exportez un diagnostic (Réglages) pour le support.
        {error instanceof Error ? ` (${error.message})` : ''}
      </Alert>
      <Anchor component={Link} to="/collectivites" reloadDocument>
        Revenir aux collectivités
      </Anchor>
    </Stack>
  );
}
