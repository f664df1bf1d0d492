import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { MASTER_KEY_FIELD } from '#definitions/stack-secret';
import { SECRET_PLACEHOLDER, type SocialSecrets } from '#definitions/social';

/**
 * The stack's one Secrets Manager secret ($0.40 a month, however many keys it holds): a JSON document
 * with a generated master key, from which the functions derive the visitor-token, shop, CSAT-link and
 * reply-token keys (lambdas/config/keys.ts), and the social providers' values (keys as in
 * lambdas/definitions/social.ts). CloudFormation creates the social values as placeholders that no
 * webhook accepts (the webhook refuses the placeholder); the shop puts the real ones in after deploying
 * (README, Social channels). The master key reaches the functions that need it at deploy time
 * (binding keys:master); the social functions read the document once per container (social:secrets).
 */
export class StackSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: "Destek: master key of the generated signing keys; social providers' tokens (JSON)",
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        // Every social key present, each a placeholder until the shop sets the real value.
        secretStringTemplate: JSON.stringify({
          appSecret: SECRET_PLACEHOLDER,
          verifyToken: SECRET_PLACEHOLDER,
          whatsappAccessToken: SECRET_PLACEHOLDER,
          messengerAccessToken: SECRET_PLACEHOLDER,
          instagramAccessToken: SECRET_PLACEHOLDER,
          telegramBotToken: SECRET_PLACEHOLDER,
          telegramSecretToken: SECRET_PLACEHOLDER,
        } satisfies SocialSecrets),
        generateStringKey: MASTER_KEY_FIELD,
        excludePunctuation: true,
        passwordLength: 64,
      },
    });
  }

  /** The master key as a deploy-time reference (never in the template itself). */
  masterKeyReference(): string {
    return this.secret.secretValueFromJson(MASTER_KEY_FIELD).unsafeUnwrap();
  }
}
