import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnAccessPolicy, CfnCollection, CfnSecurityPolicy } from 'aws-cdk-lib/aws-opensearchserverless';
import { Construct } from 'constructs';

export interface SearchCollectionProps {
  /** The functions that read and write the index (GET /search, the change feed's indexer). */
  readonly readers: readonly LambdaFunction[];
}

/**
 * The optional search engine (configuration `search.engine: "opensearch"`): an OpenSearch Serverless
 * collection of type SEARCH with its encryption (AWS-owned key), network (public endpoint, IAM-signed
 * calls only) and data-access policies, and each function's endpoint variable and IAM permission.
 * The functions then use adapters/search-opensearch.ts instead of the table's own index.
 */
export class SearchCollection extends Construct {
  readonly collection: CfnCollection;

  constructor(scope: Construct, id: string, props: SearchCollectionProps) {
    super(scope, id);
    // Collection names: 3-32 lower-case letters, digits and hyphens, unique in the account and region.
    const name = `${Stack.of(this)
      .stackName.toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 24)}-tickets`;
    const encryption = new CfnSecurityPolicy(this, 'Encryption', {
      name: `${name}-enc`,
      type: 'encryption',
      policy: JSON.stringify({ Rules: [{ ResourceType: 'collection', Resource: [`collection/${name}`] }], AWSOwnedKey: true }),
    });
    const network = new CfnSecurityPolicy(this, 'Network', {
      name: `${name}-net`,
      type: 'network',
      policy: JSON.stringify([{ Rules: [{ ResourceType: 'collection', Resource: [`collection/${name}`] }], AllowFromPublic: true }]),
    });
    this.collection = new CfnCollection(this, 'Collection', { name, type: 'SEARCH', description: "Destek's ticket search index" });
    this.collection.addDependency(encryption);
    this.collection.addDependency(network);
    new CfnAccessPolicy(this, 'Access', {
      name: `${name}-access`,
      type: 'data',
      policy: Stack.of(this).toJsonString([
        {
          Rules: [
            {
              ResourceType: 'index',
              Resource: [`index/${name}/*`],
              Permission: ['aoss:CreateIndex', 'aoss:DescribeIndex', 'aoss:ReadDocument', 'aoss:WriteDocument'],
            },
          ],
          Principal: props.readers.map((fn) => fn.role!.roleArn),
        },
      ]),
    });
    for (const fn of props.readers) {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['aoss:APIAccessAll'], resources: [this.collection.attrArn] }));
      fn.addEnvironment('OPENSEARCH_ENDPOINT', this.collection.attrCollectionEndpoint);
    }
  }
}
