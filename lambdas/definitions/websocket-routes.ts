import type { FunctionName } from './functions';

/**
 * Live-chat WebSocket routes. CDK creates them on the API Gateway WebSocket API; the local WebSocket
 * gateway (local/websocket-gateway.ts) serves the same routes and builds the same events. Frames are
 * routed by their `action` field (routeSelectionExpression), anything else goes to $default.
 */
export interface WebSocketRouteDefinition {
  readonly routeKey: '$connect' | '$disconnect' | '$default' | string;
  readonly function: FunctionName;
  /** The function's returned body goes back to the client on the same connection (a route response). */
  readonly respond: boolean;
}

export const ROUTE_SELECTION_EXPRESSION = '$request.body.action';

export const websocketRouteDefinitions: readonly WebSocketRouteDefinition[] = [
  // $connect verifies the visitor token (query string `token=`) and the Origin, then stores the connection.
  { routeKey: '$connect', function: 'chatSocket', respond: false },
  { routeKey: '$disconnect', function: 'chatSocket', respond: false },
  { routeKey: 'sendMessage', function: 'chatSocket', respond: true },
  // Unknown actions and non-JSON frames get a clear error frame rather than silence.
  { routeKey: '$default', function: 'chatSocket', respond: true },
];

/**
 * The agents' live socket: an API of its own, apart from the visitors' chat, so its routes, throttling
 * and access logs are the agents' only and a visitor's socket can never reach an agent route. The
 * token comes in the first frame (`{"action":"auth","token":...}`), never in the URL (which is logged);
 * the same frame renews it. The function answers on the connection: ready, or an error. One function
 * serves every route, through one integration and one invoke permission (lib/constructs/agent-live.ts).
 */
export const agentWebsocketRouteDefinitions: readonly WebSocketRouteDefinition[] = [
  { routeKey: '$connect', function: 'agentLive', respond: false },
  { routeKey: 'auth', function: 'agentLive', respond: true },
  // No $disconnect: a closed connection is deleted when the next push finds it gone (410), or by its TTL,
  // which costs less than an invocation per disconnect.
  // No $default: API Gateway answers any other frame with an error itself, without invoking anything.
];

/** The route a frame selects: its JSON `action` when that names a route, else $default. */
export function selectRoute(frame: string, routes: readonly WebSocketRouteDefinition[] = websocketRouteDefinitions): string {
  try {
    const action = (JSON.parse(frame) as { action?: unknown }).action;
    if (typeof action === 'string' && !action.startsWith('$') && routes.some((r) => r.routeKey === action)) return action;
  } catch {
    // Not JSON: $default explains.
  }
  return '$default';
}
