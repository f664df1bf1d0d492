import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { comparableNames, templateEnvNames } from '#test/cdk/template-env';
import { stack } from './helpers';

describe("the running local stack's functions", () => {
  it("each run with exactly the variables the synthesised template gives that function (besides Lambda's own and the local endpoints)", () => {
    const aws = templateEnvNames(loadConfig());
    const { envs } = stack();
    for (const name of Object.keys(functionDefinitions) as FunctionName[]) {
      expect({ [name]: comparableNames(envs[name]) }).toEqual({ [name]: aws[name] });
    }
  }, 120_000);
});
