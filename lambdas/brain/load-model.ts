import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model, type ModelFile } from './model';

export const MODEL_PATH = 'lambdas/brain/model.json';

/** The trained model from the working tree (CLI, local stack, benchmarks); Lambdas import it. */
export function loadModel(projectRoot: string): Model {
  return new Model(JSON.parse(readFileSync(join(projectRoot, MODEL_PATH), 'utf8')) as ModelFile);
}
