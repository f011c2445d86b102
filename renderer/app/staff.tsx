import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api } from '../api.ts';

interface Staff {
  /** null until read; '' when nobody has set it yet (writes are then refused). */
  staffName: string | null;
  save: (name: string) => Promise<void>;
}

const StaffContext = createContext<Staff>({ staffName: null, save: async () => {} });

/** The staff name every change is signed with: read once, shown in the header, changed in Réglages. */
export function StaffProvider({ children }: { children: ReactNode }) {
  const [staffName, setStaffName] = useState<string | null>(null);
  useEffect(() => {
    api.call('settings.get', {}).then(
      (settings) => setStaffName(settings.staffName),
      () => setStaffName(''),
    );
  }, []);
  const save = useCallback(async (name: string) => {
    const saved = await api.call('settings.update', { staffName: name });
    setStaffName(saved.staffName);
  }, []);
  return <StaffContext.Provider value={{ staffName, save }}>{children}</StaffContext.Provider>;
}

export function useStaff(): Staff {
  return useContext(StaffContext);
}
