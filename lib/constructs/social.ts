import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SECRET_PLACEHOLDER, type SocialSecrets } from '../../lambdas/channels/social/secrets';

/**
 * The social channels' one secret: a JSON document with the Meta app secret, the webhook verify
 * token, the WhatsApp / page / Instagram access tokens and the Telegram bot and secret tokens (keys as
 * in lambdas/channels/social/secrets.ts). CloudFormation creates it with placeholder values that no
 * webhook can satisfy (the webhook refuses the placeholder) and a random verify token; the shop puts the real values in after deploying (see README, Social channels).
 * The webhook, worker and sender functions read it once per container (binding social:secrets).
 */
export class SocialChannels extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Destek social channels: Meta app secret, verify token, access tokens, Telegram tokens (JSON)',
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        // Every key present, each a long random value until the shop sets the real one.
        secretStringTemplate: JSON.stringify({
          appSecret: SECRET_PLACEHOLDER,
          whatsappAccessToken: SECRET_PLACEHOLDER,
          messengerAccessToken: SECRET_PLACEHOLDER,
          instagramAccessToken: SECRET_PLACEHOLDER,
          telegramBotToken: SECRET_PLACEHOLDER,
          telegramSecretToken: SECRET_PLACEHOLDER,
        } satisfies Omit<SocialSecrets, 'verifyToken'>),
        generateStringKey: 'verifyToken',
        excludePunctuation: true,
        passwordLength: 40,
      },
    });
  }
}
