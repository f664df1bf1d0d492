import { Aws, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  ReceiptRuleSet,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { EmailConfig } from '../../lambdas/config/config';
import { privateBucket } from './data';

export interface EmailChannelProps {
  readonly config: EmailConfig;
  /** Where SES's receipt notifications go (the e-mail ingest's queue). */
  readonly ingestQueue: IQueue;
  /** Where bounce and complaint events go (the e-mail events queue). */
  readonly eventsQueue: IQueue;
  readonly accessLogs: Bucket;
}

export const INBOUND_PREFIX = 'inbound/';

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/**
 * SES for the support addresses: domain identities (DKIM) for sending, a configuration set whose
 * bounces and complaints reach the e-mail events queue, and a receipt rule set whose rule stores each
 * message in the inbound-mail bucket and then publishes SES's notification to a topic the ingest queue
 * subscribes to. SNS → SQS, not a Lambda action: the queue keeps a notification for 14 days with
 * retries and a dead-letter queue, where an asynchronous Lambda action gives up after two retries.
 */
export class EmailChannel extends Construct {
  readonly inboundMail: Bucket;
  readonly receivedTopic: Topic;
  readonly feedbackTopic: Topic;
  readonly configurationSet: ConfigurationSet;
  readonly ruleSet: ReceiptRuleSet;
  readonly identities: EmailIdentity[];
  readonly topicKey: Key;
  readonly activation?: AwsCustomResource;

  constructor(scope: Construct, id: string, props: EmailChannelProps) {
    super(scope, id);
    const { config } = props;
    const domains = [...new Set(config.supportAddresses.map(domainOf))];

    this.inboundMail = privateBucket(this, 'InboundMail', { serverAccessLogs: props.accessLogs });
    this.inboundMail.addLifecycleRule({
      id: 'expire-raw-mail',
      prefix: INBOUND_PREFIX,
      expiration: Duration.days(config.rawMailRetentionDays),
    });

    // SES publishes to encrypted topics only with a customer managed key it may use.
    this.topicKey = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'Destek e-mail notification topics' });
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    const topic = (topicId: string) => {
      const t = new Topic(this, topicId, { masterKey: this.topicKey, enforceSSL: true });
      t.addToResourcePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          principals: [new ServicePrincipal('ses.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [t.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      );
      return t;
    };
    this.receivedTopic = topic('Received');
    this.feedbackTopic = topic('Feedback');
    // Raw delivery: the queue message is SES's notification itself (the ingest also reads SNS envelopes).
    this.receivedTopic.addSubscription(new SqsSubscription(props.ingestQueue, { rawMessageDelivery: true }));
    this.feedbackTopic.addSubscription(new SqsSubscription(props.eventsQueue, { rawMessageDelivery: true }));

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.identities = domains.map(
      (domain, i) => new EmailIdentity(this, `Domain${i}`, { identity: Identity.domain(domain), configurationSet: this.configurationSet }),
    );

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet');
    this.ruleSet.addRule('SupportAddresses', {
      // The domains, not the addresses: replies come to support+<token>@domain, which an address
      // condition would not match. Point MX of a domain used for support only.
      recipients: domains,
      scanEnabled: true,
      // Mail servers without TLS still reach us: refusing them would lose customers' mail.
      tlsPolicy: TlsPolicy.OPTIONAL,
      actions: [new S3Action({ bucket: this.inboundMail, objectKeyPrefix: INBOUND_PREFIX, topic: this.receivedTopic })],
    });

    if (config.activateRuleSet) {
      // Only one rule set can be active per region: this makes ours the one (and leaves it on delete).
      this.activation = new AwsCustomResource(this, 'ActivateRuleSet', {
        onUpdate: {
          service: 'SES',
          action: 'setActiveReceiptRuleSet',
          parameters: { RuleSetName: this.ruleSet.receiptRuleSetName },
          physicalResourceId: PhysicalResourceId.of(`active-${this.ruleSet.receiptRuleSetName}`),
        },
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
        ]),
        installLatestAwsSdk: false,
      });
    }

    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: this.ruleSet.receiptRuleSetName,
      description: config.activateRuleSet
        ? 'Active receipt rule set'
        : 'Activate with: aws ses set-active-receipt-rule-set --rule-set-name <this value>',
    });
    new CfnOutput(this, 'InboundMailBucketName', { value: this.inboundMail.bucketName });
    new CfnOutput(this, 'MxRecord', {
      value: `10 inbound-smtp.${Stack.of(this).region}.amazonaws.com`,
      description: `MX record for ${domains.join(', ')}`,
    });
  }

  get configurationSetName(): string {
    return this.configurationSet.configurationSetName;
  }

  /** SES v2 SendEmail from the support domains with this configuration set. */
  grantSend(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          ...this.identities.map((i) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: i.emailIdentityName })),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
      }),
    );
  }
}
