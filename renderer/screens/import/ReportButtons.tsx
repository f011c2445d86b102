import { Button, Group } from '@mantine/core';
import { api } from '../../api.ts';
import { saveFile } from '../../components/download.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';

/** The batch's report (rejected and warned rows with their reasons), as CSV or as an Excel workbook. */
export function ReportButtons({ batchId, size = 'sm' }: { batchId: string; size?: 'xs' | 'sm' }) {
  const action = useAction();
  async function download(format: 'csv' | 'xlsx') {
    const report = await action.run(() => api.call('import.report', { batchId, format }));
    if (report) saveFile(report.fileName, report.content);
  }
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <Button size={size} variant="light" onClick={() => void download('csv')} disabled={action.busy}>
          {size === 'xs' ? 'CSV' : 'Rapport CSV'}
        </Button>
        <Button size={size} variant="light" onClick={() => void download('xlsx')} disabled={action.busy}>
          {size === 'xs' ? 'XLSX' : 'Rapport Excel (.xlsx)'}
        </Button>
      </Group>
      <ErrorAlert error={action.error} />
    </>
  );
}
