import { Injectable } from '@nestjs/common';

import { AppConfig } from '@sdilna/api/util-config';

import { CredentialsCipher } from './credentials-cipher';
import { EdcConnectorException } from './edc-connector.exception';

/** The cipher of the configured keys; without EDC_CREDENTIALS_KEYS the connector is unavailable on this server. */
@Injectable()
export class ConnectorKeys {
  private readonly value: CredentialsCipher | undefined;

  constructor(config: AppConfig) {
    // AppConfig has validated the format; the cipher checks the key lengths and the process stops on a bad one.
    this.value =
      config.EDC_CREDENTIALS_KEYS === undefined
        ? undefined
        : new CredentialsCipher(config.EDC_CREDENTIALS_KEYS);
  }

  get available(): boolean {
    return this.value !== undefined;
  }

  cipher(): CredentialsCipher {
    if (this.value === undefined)
      throw new EdcConnectorException(
        'CONNECTOR_UNAVAILABLE',
        'The EDC portal connector is not available on this server (EDC_CREDENTIALS_KEYS is not configured); use upload or the inbox',
      );
    return this.value;
  }
}
