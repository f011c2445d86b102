import { Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApi } from '../../components/useApi.ts';

/** The central service: its address and this PC's login. The password is sent once and never kept. */
export function SyncPanel() {
  const status = useApi('sync.status', {});
  const action = useAction();
  const [serverUrl, setServerUrl] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  useEffect(() => {
    if (status.data?.serverUrl) setServerUrl(status.data.serverUrl);
    if (status.data?.user) setEmail(status.data.user.email);
  }, [status.data?.serverUrl, status.data?.user]);
  const state = status.data;
  const login = async () => {
    const done = await action.run(() => api.call('sync.login', { serverUrl, email, password }));
    setPassword('');
    if (done) {
      status.reload();
      // The first sync right away: the indicator shows it going.
      void api.call('sync.now', {}).catch(() => undefined);
    }
  };
  const logout = async () => {
    if (await action.run(() => api.call('sync.logout', {}))) status.reload();
  };
  return (
    <Card withBorder padding="md" component="section" aria-label="Serveur central">
      <Title order={3} size="h4" mb="xs">
        Serveur central
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Les postes partagent leurs modifications par le serveur central. Sans serveur, l’application
        fonctionne seule sur ce poste.
      </Text>
      {state?.loggedIn && state.user ? (
        <Stack gap="xs">
          <Text size="sm">
            Connecté à <b>{state.serverUrl}</b> en tant que <b>{state.user.email}</b>.
          </Text>
          {state.user.role === 'reader' && (
            <Text size="sm" c="dimmed">
              Compte en lecture seule : ce poste consulte et exporte, mais ne modifie rien de ce qui est
              partagé (collectivités, conventions, bibliothèques, lecteurs). Les réglages du poste et les
              sauvegardes restent possibles.
            </Text>
          )}
          <Group>
            <Button variant="light" color="red" onClick={logout} loading={action.busy}>
              Se déconnecter
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="xs" maw={420}>
          <TextInput
            label="Adresse du serveur"
            placeholder="https://mednum.lot.fr"
            value={serverUrl}
            onChange={(event) => setServerUrl(event.currentTarget.value)}
          />
          <TextInput
            label="Adresse e-mail"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <PasswordInput
            label="Mot de passe"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Group>
            <Button onClick={login} loading={action.busy} disabled={!serverUrl || !email || !password}>
              Se connecter
            </Button>
          </Group>
        </Stack>
      )}
      <ErrorAlert error={action.error} />
    </Card>
  );
}
