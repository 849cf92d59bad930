import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the mock endpoint received, with its parsed JSON body. */
export interface ReceivedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type MockHandler = (
  request: ReceivedRequest,
  index: number,
  response: ServerResponse,
) => void | Promise<void>;

/** A chat-completions server on 127.0.0.1 whose every response comes from `handler`. */
export interface MockEndpoint {
  url: string;
  requests: ReceivedRequest[];
  /** The highest number of requests that were open at the same time. */
  maxInFlight: () => number;
  close: () => Promise<void>;
}

export function completion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  });
}

export function sendJson(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

export async function startMockEndpoint(handler: MockHandler): Promise<MockEndpoint> {
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer(async (request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => inFlight--);

    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received = {
      url: request.url ?? '',
      headers: request.headers,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    };
    requests.push(received);
    await handler(received, requests.length - 1, response);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
