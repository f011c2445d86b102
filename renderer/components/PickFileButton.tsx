import { Button, FileButton } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Input } from '../../shared/contract.ts';
import { nativeCapabilities, pickNativeFile } from './native.ts';

/**
 * "Choisir un fichier…": the native "Ouvrir" dialog in the desktop app (asked of the main process), the
 * page's file input in a browser. Either way the caller receives a File — unless it handles the native
 * dialog itself (`onNative`: the patron import, which takes the file by reference).
 */
export function PickFileButton({
  purpose,
  accept,
  onFile,
  onNative,
  children,
}: {
  purpose: Input<'desktop.openFile'>['purpose'];
  accept: string;
  onFile: (file: File) => void;
  onNative?: () => void;
  children: ReactNode;
}) {
  const [native, setNative] = useState(false);
  // The input forgets its file once handed over, so choosing the same file again (corrected, or read
  // again after « Abandonner ») is a change the page sees.
  const resetRef = useRef<() => void>(null);
  useEffect(() => {
    let current = true;
    void nativeCapabilities().then((c) => current && setNative(c.dialogs));
    return () => {
      current = false;
    };
  }, []);
  if (native)
    return (
      <Button
        variant="default"
        onClick={async () => {
          if (onNative) return onNative();
          const file = await pickNativeFile(purpose);
          if (file) onFile(file);
        }}
      >
        {children}
      </Button>
    );
  return (
    <FileButton
      resetRef={resetRef}
      onChange={(picked) => {
        if (picked) onFile(picked);
        resetRef.current?.();
      }}
      accept={accept}
    >
      {(props) => (
        <Button variant="default" {...props}>
          {children}
        </Button>
      )}
    </FileButton>
  );
}
