import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useStaff } from '../../app/staff.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';

/** The name every change made from this computer is signed with. */
export function StaffNamePanel() {
  const { staffName, save } = useStaff();
  const [name, setName] = useState(staffName ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction();
  // The stored name arrives after the first render.
  useEffect(() => {
    if (staffName !== null) setName(staffName);
  }, [staffName]);

  async function submit() {
    const done = await action.run(async () => {
      await save(name.trim());
      return true;
    });
    setSaved(done === true);
  }

  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="xs">
          <Title order={3} size="h4">
            Votre nom
          </Title>
          <Text size="sm" c="dimmed">
            Chaque modification (statut, note, contact, convention, bibliothèque, import) est signée de ce nom
            dans l’historique et le journal. Sans nom, aucune modification n’est possible.
          </Text>
          <Group align="flex-end">
            <TextInput
              label="Nom de l’agent"
              placeholder="Ex. : Marie Dupont"
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                setSaved(false);
              }}
              w={320}
            />
            <Button type="submit" loading={action.busy} disabled={name.trim() === (staffName ?? '')}>
              Enregistrer
            </Button>
            {saved && name.trim() === staffName && (
              <Text size="sm" c="teal.9" role="status" mb={8}>
                {staffName ? `Les modifications seront signées « ${staffName} ».` : 'Nom effacé.'}
              </Text>
            )}
          </Group>
          <ErrorAlert error={action.error} />
        </Stack>
      </form>
    </Paper>
  );
}
