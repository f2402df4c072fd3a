import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

const MAX_CLIENTS = 64;

/**
 * CloudAdapter asks for a new connector client (credentials, HTTP pipeline)
 * on every turn. Replies go to a handful of service URLs, so this keeps one
 * client per bot, audience and service URL instead (and one user token client
 * per bot): the clients refresh their own tokens, and building their pipelines
 * was a measurable share of each reply.
 */
export class CachedConnectorsAuthentication extends BotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.cached(result.connectorFactory, result.claimsIdentity) } : result;
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  // CloudAdapter also builds a user token client (another HTTP pipeline) every turn; one per bot is enough.
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const bot = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '';
    let client = this.tokenClients.get(bot);
    if (!client) {
      if (this.tokenClients.size >= MAX_CLIENTS) this.tokenClients.delete(this.tokenClients.keys().next().value!);
      client = this.inner.createUserTokenClient(claimsIdentity);
      client.catch(() => this.tokenClients.delete(bot));
      this.tokenClients.set(bot, client);
    }
    return client;
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private cached(factory: ConnectorFactory, claims: ClaimsIdentity): ConnectorFactory {
    const bot = claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '';
    return {
      create: (serviceUrl: string, audience?: string) => {
        const key = `${bot}|${audience ?? ''}|${serviceUrl}`;
        let client = this.clients.get(key);
        if (!client) {
          if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
          client = factory.create(serviceUrl, audience);
          client.catch(() => this.clients.delete(key));
          this.clients.set(key, client);
        }
        return client;
      },
    };
  }
}
