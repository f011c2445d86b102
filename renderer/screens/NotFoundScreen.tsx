import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';

/** An address the application does not have (an old bookmark, a mistyped link): say so, and the way back. */
export function NotFoundScreen() {
  const { pathname } = useLocation();
  return (
    <Stack gap="sm" maw={720}>
      <Title order={2}>Page introuvable</Title>
      <Text>
        L’adresse « {pathname} » ne correspond à aucun écran de l’application : le lien est peut-être ancien
        ou incomplet.
      </Text>
      <Anchor component={Link} to="/collectivites">
        Revenir aux collectivités
      </Anchor>
    </Stack>
  );
}
