import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClientIdentityProvider,
  UserPoolOperation,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export const agentGroups = ['agent', 'admin'] as const;

export interface AgentAuthProps {
  /** The console's address (https://<distribution>/): where the managed login sends agents back, after sign-in and sign-out. */
  readonly consoleUrl: string;
  /** The managed login's domain prefix (<prefix>.auth.<region>.amazoncognito.com); unique in the region. */
  readonly domainPrefix: string;
  /** How long an agent stays signed in without entering the password and code again. */
  readonly refreshTokenValidity?: Duration;
}

/**
 * Who may use the agent API: a Cognito user pool (no self sign-up; admins invite agents), MFA
 * required, strong passwords, the groups the API checks, and the console's sign-in: the pool's
 * managed login on its own domain, one public app client with the authorization-code grant (the
 * console adds PKCE; no client secret can be kept in a browser).
 */
export class AgentAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: AgentAuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Agents', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    // The console's address, and the same page by its file name: the redirect must match exactly.
    const returnUrls = [props.consoleUrl, `${props.consoleUrl}index.html`];
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      // Only refreshing: passwords and MFA codes are entered in the managed login, never in the console.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: returnUrls,
        logoutUrls: returnUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
    });
    for (const group of agentGroups) {
      new CfnUserPoolGroup(this, `${group}Group`, { userPoolId: this.userPool.userPoolId, groupName: group });
    }
  }

  /** Each successful sign-in runs this function (Cognito's post-authentication trigger): the audit trail's sign-in records. */
  recordSignIns(fn: IFunction): void {
    this.userPool.addTrigger(UserPoolOperation.POST_AUTHENTICATION, fn);
  }

  /** The OIDC issuer: discovery document and signing keys (https://cognito-idp.<region>.amazonaws.com/<pool id>). */
  get authority(): string {
    const { region, urlSuffix } = Stack.of(this);
    return `https://cognito-idp.${region}.${urlSuffix}/${this.userPool.userPoolId}`;
  }

  /** https://<prefix>.auth.<region>.amazoncognito.com: the managed login, token and logout endpoints. */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }
}

/**
 * The default domain prefix: the stack's name and the account (12 digits, or the account's token when
 * synthesised without one), lowercased, without the words Cognito refuses in a prefix; at most 63 characters.
 */
export function defaultDomainPrefix(stackName: string, account: string): string {
  const name = stackName
    .toLowerCase()
    .replace(/aws|amazon|cognito/g, 'x')
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 50);
  return `${name}-${account}`;
}
