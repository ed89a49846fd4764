import type { OutputPlugin } from '@aerie/outputs';
import type { DeliveryPolicy } from './output-definition.js';

/** An output ready for the engine: its plugin, settings (secrets open) and policy. */
export interface RuntimeOutput {
  id: string;
  name: string;
  plugin: OutputPlugin<unknown>;
  config: unknown;
  policy: DeliveryPolicy;
  /** The plaintext secrets of its settings, masked out of every error the engine records. */
  secrets: readonly string[];
}
