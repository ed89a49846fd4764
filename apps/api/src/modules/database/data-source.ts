import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.loader.js';
import { dataSourceOptions } from './data-source.options.js';

/** For the TypeORM CLI (`npm run migration:show -w @aerie/api`), configured like the app. */
const config = loadConfig();
export default new DataSource(dataSourceOptions(config));
