import { Anchor, Breadcrumbs, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { contract, type Output } from '../../shared/contract.ts';
import { type Library, libraryKindLabels } from '../../shared/domain/library.ts';
import { api } from '../api.ts';
import { ContractFormElement, useContractForm } from '../components/contractForm.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useApi } from '../components/useApi.ts';
import { countFr, formatDateTimeFr } from '../format.ts';
import { AccessCountsOf } from './access/AccessCounts.tsx';
import { AuditTrail } from './audit/AuditTrail.tsx';
import { fieldLabel } from './audit/audit-values.ts';
import { LibraryFields } from './library/LibraryFields.tsx';
import { changedFields, draftOf, fieldsOf } from './library/libraryDraft.ts';

export function LibraryDetailScreen() {
  const { id = '' } = useParams();
  const state = useApi('library.get', { id });
  const communes = useApi('commune.list', {});
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/bibliotheques">
          Bibliothèques
        </Anchor>
        <Text>{state.data?.name ?? '…'}</Text>
      </Breadcrumbs>
      <LoadState state={state}>
        {(library) => (
          <>
            <div>
              <Title order={2}>{library.name}</Title>
              <Text c="dimmed" size="sm">
                {libraryKindLabels[library.kind]} · code {library.code} · {library.communeName}
              </Text>
            </div>
            {communes.data && (
              <LibraryEditor library={library} communes={communes.data} onSaved={state.reload} />
            )}
            <LibraryPatrons libraryId={library.id} />
            {/* Remounted when the library changes: participation and commune decide its patrons' access. */}
            <AccessCountsOf key={JSON.stringify(library)} libraryId={library.id} />
            <Title order={3} size="h4">
              Journal de cette bibliothèque
            </Title>
            {/* Remounted when the library changes, so a save shows up in its journal. */}
            <AuditTrail key={JSON.stringify(library)} filter={{ library: library.id }} />
          </>
        )}
      </LoadState>
    </Stack>
  );
}

/** Form fields → the journal's column names, to say what was saved with the journal's own labels. */
const columnOfField: Record<string, string> = {
  commune: 'commune_insee',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  participatingSince: 'participating_since',
};

/** The library's fields; only those changed are sent, and the EPCI follows the commune. */
function LibraryEditor({
  library,
  communes,
  onSaved,
}: {
  library: Library;
  communes: Output<'commune.list'>;
  onSaved: () => void;
}) {
  const [saved, setSaved] = useState<string[]>([]);
  const libraryForm = useContractForm({
    initialValues: draftOf(library),
    schema: contract['library.update'].input,
    // Every field is checked; only the changed ones are sent.
    toInput: (draft) => ({ id: library.id, ...fieldsOf(draft) }),
    send: (_input, draft) => api.call('library.update', { id: library.id, ...changedFields(library, draft) }),
    onSaved: (_result, draft) => {
      setSaved(Object.keys(changedFields(library, draft)));
      onSaved();
    },
    fieldOfError: { COMMUNE_UNKNOWN: 'commune' },
  });
  const { form } = libraryForm;
  const changed = Object.keys(changedFields(library, form.values));
  const commune = communes.find((c) => c.insee === form.values.commune);

  return (
    <Paper withBorder p="md">
      <ContractFormElement
        contract={libraryForm}
        label="Fiche de la bibliothèque"
        errorTitle="Modification non enregistrée"
        actions={
          <Group gap="sm">
            <Button type="submit" loading={libraryForm.busy} disabled={changed.length === 0}>
              Enregistrer
            </Button>
            <Button
              variant="default"
              disabled={changed.length === 0}
              onClick={() => {
                form.setValues(draftOf(library));
                form.clearErrors();
              }}
            >
              Annuler les changements
            </Button>
            {saved.length > 0 && changed.length === 0 && (
              <Text size="sm" c="teal.9" role="status">
                Enregistré : {saved.map((field) => fieldLabel(columnOfField[field] ?? field)).join(', ')}.
              </Text>
            )}
          </Group>
        }
      >
        <LibraryFields form={form} communes={communes} />
        <Group gap="xs">
          <Text size="sm" fw={500}>
            EPCI :
          </Text>
          {commune ? (
            <Anchor component={Link} to={`/collectivites/${commune.epci}`} size="sm">
              {commune.epciName}
            </Anchor>
          ) : (
            <Text size="sm">—</Text>
          )}
          <Text size="xs" c="dimmed">
            {form.values.commune !== library.commune
              ? '(celui de la nouvelle commune, après enregistrement)'
              : '(déduit de la commune)'}
          </Text>
        </Group>
      </ContractFormElement>
    </Paper>
  );
}

/** The library's patrons in one line, and the ways to import its file, see them and its imports. */
function LibraryPatrons({ libraryId }: { libraryId: string }) {
  const counts = useApi('patron.count', { libraryId });
  const imports = useApi('import.list', { libraryId });
  const last = imports.data?.find((batch) => batch.undoneAt === null);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="library-patrons-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="library-patrons-title">
          Lecteurs
        </Title>
        <Text size="sm">
          {counts.data ? `${countFr(counts.data.count, 'lecteur inscrit', 'lecteurs inscrits')}` : '…'}
          {last && ` — dernier import le ${formatDateTimeFr(last.committedAt)} (« ${last.fileName} »)`}
        </Text>
        <Group gap="sm">
          <Button component={Link} to={`/imports/nouveau?bibliotheque=${libraryId}`}>
            Importer un fichier de lecteurs
          </Button>
          <Button component={Link} to={`/lecteurs?bibliotheque=${libraryId}`} variant="default">
            Voir ses lecteurs
          </Button>
          <Button component={Link} to={`/imports?bibliotheque=${libraryId}`} variant="default">
            Ses imports
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
