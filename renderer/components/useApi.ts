import { useEffect, useState } from 'react';
import type { Input, Method, Output } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import { api } from '../api.ts';

export type ApiState<M extends Method> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: Output<M>; error?: undefined }
  | { status: 'failed'; data?: undefined; error: { code: string; message: string } };

/** Calls one contract method and follows its state; a new input (by value) calls again. */
export function useApi<M extends Method>(method: M, input: Input<M>): ApiState<M> {
  const [state, setState] = useState<ApiState<M>>({ status: 'loading' });
  const key = JSON.stringify(input);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    api
      .call(method, JSON.parse(key) as Input<M>)
      .then((data) => current && setState({ status: 'ready', data }))
      .catch((error: unknown) => {
        if (!current) return;
        const payload =
          error instanceof AppError ? error.toPayload() : { code: 'INTERNAL', message: 'Erreur inattendue.' };
        setState({ status: 'failed', error: payload });
      });
    return () => {
      current = false;
    };
  }, [method, key]);
  return state;
}
