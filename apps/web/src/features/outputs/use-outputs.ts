import {
  OutputSchema,
  OutputTypeInfoSchema,
  type Output,
  type OutputTypeInfo,
} from '@aerie/contracts';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import { itemsSchema } from '../../shared/api';
import { useApi } from '../../shared/query';

export const OUTPUTS_PATH = '/api/v1/outputs';
const OutputListSchema = itemsSchema(OutputSchema);
const OutputTypeListSchema = itemsSchema(OutputTypeInfoSchema);

/** Every output with its health (admins). Live delivery messages refresh it (use-delivery-refresh). */
export function useOutputs(): UseQueryResult<{ items: Output[] }, Error> {
  return useApi(OUTPUTS_PATH, OutputListSchema);
}

/** The output types and the JSON Schema of their settings: fixed for a running server. */
export function useOutputTypes(): UseQueryResult<{ items: OutputTypeInfo[] }, Error> {
  return useApi('/api/v1/output-types', OutputTypeListSchema);
}

/** Refetches the outputs and their deliveries: after a change made here. */
export function useRefreshOutputs(): (output?: string) => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    async (output?: string) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['api', OUTPUTS_PATH] }),
        client.invalidateQueries({ queryKey: output ? ['deliveries', output] : ['deliveries'] }),
      ]);
    },
    [client],
  );
}
