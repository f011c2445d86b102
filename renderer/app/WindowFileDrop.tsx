import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { dropFile, importableFile } from './dropped-file.ts';

/**
 * Drop a CSV or XLSX anywhere on the window to start importing it: the wizard opens with the file chosen.
 * Drops that a screen handles itself (the wizard's own drop zone) are left to it; anything else dropped
 * is refused, so the page never navigates to a dropped file.
 */
export function WindowFileDrop() {
  const navigate = useNavigate();
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (!file || !importableFile.test(file.name)) return;
      dropFile(file);
      navigate('/imports/nouveau');
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [navigate]);
  return null;
}
