import { Alert, Anchor } from '@mantine/core';
import { Link } from 'react-router';

/** A refusal as staff read it; a missing staff name comes with the way to set it. */
export function ErrorAlert({
  error,
  title,
}: {
  error: { code: string; message: string } | null | undefined;
  title?: string;
}) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={title} py="xs">
      {error.message}
      {error.code === 'ACTOR_REQUIRED' && (
        <>
          {' '}
          <Anchor component={Link} to="/reglages" c="inherit" fw={700} underline="always">
            Ouvrir les Réglages
          </Anchor>
        </>
      )}
    </Alert>
  );
}
