import type { AerieConfig } from '../config/config.schema.js';

/** The `auth` section of the configuration, injectable. */
export class AuthSettings {
  constructor(private readonly config: AerieConfig['auth']) {}

  get oidc(): AerieConfig['auth']['oidc'] {
    return this.config.oidc;
  }
}
