import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
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
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { EmailConfig } from '#config/config';
import { asyncInvocationDefinitions, INBOUND_MAIL_PREFIX } from '#definitions/async-invocations';
import { privateBucket } from './data';

export interface EmailChannelProps {
  readonly config: EmailConfig;
  readonly accessLogs: Bucket;
}

/** The functions SES's events reach, and where what EventBridge cannot deliver to them goes. */
export interface EmailConsumers {
  readonly ingest: IFunction;
  readonly events: IFunction;
  /** The events function's dead-letter queue (also its on-failure destination). */
  readonly eventsDeadLetterQueue: IQueue;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/**
 * SES for the support addresses: domain identities (DKIM) for sending, a configuration set whose
 * bounces and complaints go to the default EventBridge bus, where a rule hands them to the e-mail
 * events function, and a receipt rule set whose rule stores each message in the inbound-mail bucket and
 * then invokes the ingest function asynchronously (connect()). No topic, no queue, no key of our own:
 * nothing costs money while no mail comes. What fails after Lambda's retries rests in the function's
 * dead-letter queue (alarmed, redrivable) and the raw mail stays in the bucket.
 */
export class EmailChannel extends Construct {
  readonly inboundMail: Bucket;
  readonly configurationSet: ConfigurationSet;
  readonly ruleSet: ReceiptRuleSet;
  readonly identities: EmailIdentity[];
  private readonly domains: readonly string[];
  readonly activation?: AwsCustomResource;

  constructor(scope: Construct, id: string, props: EmailChannelProps) {
    super(scope, id);
    const { config } = props;
    const domains = [...new Set(config.supportAddresses.map(domainOf))];

    this.inboundMail = privateBucket(this, 'InboundMail', { serverAccessLogs: props.accessLogs });
    this.inboundMail.addLifecycleRule({
      id: 'expire-raw-mail',
      prefix: INBOUND_MAIL_PREFIX,
      expiration: Duration.days(config.rawMailRetentionDays),
    });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE });
    // SES publishes sending events to the default bus only.
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.identities = domains.map(
      (domain, i) => new EmailIdentity(this, `Domain${i}`, { identity: Identity.domain(domain), configurationSet: this.configurationSet }),
    );

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet');
    this.domains = domains;

    if (config.activateRuleSet) {
      // Only one rule set can be active per region: this makes ours the one (and leaves it on delete).
      this.activation = new AwsCustomResource(this, 'ActivateRuleSet', {
        onUpdate: {
          service: 'SES',
          action: 'setActiveReceiptRuleSet',
          parameters: { RuleSetName: this.ruleSet.receiptRuleSetName },
          physicalResourceId: PhysicalResourceId.of(`active-${this.ruleSet.receiptRuleSetName}`),
        },
        policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] })]),
        installLatestAwsSdk: false,
      });
    }

    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: this.ruleSet.receiptRuleSetName,
      description: config.activateRuleSet ? 'Active receipt rule set' : 'Activate with: aws ses set-active-receipt-rule-set --rule-set-name <this value>',
    });
    new CfnOutput(this, 'InboundMailBucketName', { value: this.inboundMail.bucketName });
    new CfnOutput(this, 'MxRecord', {
      value: `10 inbound-smtp.${Stack.of(this).region}.amazonaws.com`,
      description: `MX record for ${domains.join(', ')}`,
    });
  }

  /**
   * The receipt rule (store, then invoke the ingest asynchronously) and the bounce/complaint rule, once
   * the functions exist (they need this construct's bucket and configuration set first).
   */
  connect(consumers: EmailConsumers): void {
    this.ruleSet.addRule('SupportAddresses', {
      // The domains, not the addresses: replies come to support+<token>@domain, which an address
      // condition would not match. Point MX of a domain used for support only.
      recipients: [...this.domains],
      scanEnabled: true,
      // Mail servers without TLS still reach us: refusing them would lose customers' mail.
      tlsPolicy: TlsPolicy.OPTIONAL,
      // In order: the S3 action stores the mail under INBOUND_MAIL_PREFIX + SES's message id, then the
      // Lambda action hands the function the receipt (verdicts, recipients) without the body.
      actions: [
        new S3Action({ bucket: this.inboundMail, objectKeyPrefix: INBOUND_MAIL_PREFIX }),
        new LambdaAction({ function: consumers.ingest, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
    const def = asyncInvocationDefinitions.emailEvents;
    new Rule(this, 'Feedback', {
      description: "SES bounces and complaints of Destek's configuration set",
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received'],
        // Only our configuration set's mail: other SES use in the account is not ours to suppress.
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [
        new LambdaFunction(consumers.events, {
          retryAttempts: 185,
          maxEventAge: Duration.seconds(def.maxEventAgeSeconds),
          deadLetterQueue: consumers.eventsDeadLetterQueue,
        }),
      ],
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
