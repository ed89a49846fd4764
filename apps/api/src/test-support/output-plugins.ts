import { OUTPUT_PLUGINS, type OutputPlugin } from '@aerie/outputs';

/**
 * Adds an output type made for a test (a fake destination with per-event answers, tokens or a
 * socket) to the registry, before the app starts: the engine, the outputs API and their checks
 * then treat it like any plugin. Each spec file runs in its own process with its own registry.
 */
export function registerOutputPlugin<C>(plugin: OutputPlugin<C>): void {
  const registry = OUTPUT_PLUGINS as Map<string, OutputPlugin<unknown>>;
  if (registry.has(plugin.type)) throw new Error(`output type ${plugin.type} exists already`);
  registry.set(plugin.type, plugin as OutputPlugin<unknown>);
}
