// Types of tasker-worker-client: answers keep the worker's JSON field names (snake_case).

export interface ClientOptions {
  host?: string;
  port?: number;
  workerId?: string;
  /** Milliseconds per call, connecting included (default 5000). */
  timeout?: number;
  apiKey?: string;
  token?: string;
  /** W3C trace context (00-<trace id>-<span id>-<flags>) sent with every call; default TRACEPARENT. */
  traceparent?: string;
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface BasicHealth { status: string; worker_id: string; timestamp: string }

export interface HealthCheck {
  status: HealthStatus;
  message: string | null;
  duration_ms: number;
  last_checked: string;
  cached?: boolean;
  age_ms?: number;
  /** With tracing on: the trace showing why the check is not healthy. */
  trace_id?: string;
}

export interface DetailedHealth {
  status: string;
  timestamp: string;
  worker_id: string;
  checks: Record<string, HealthCheck>;
  system_info: {
    version: string;
    environment: string;
    uptime_seconds: number;
    worker_type: string;
    database_pool_size: number;
    command_processor_active: boolean;
    supported_namespaces: string[];
  };
}

export interface CacheOperationResult {
  operation: string;
  success: boolean;
  message: string;
  timestamp: string;
  cache_stats?: Record<string, unknown>;
}

export type Answer = Record<string, any>;

export class TaskerWorkerError extends Error {
  /** 400, 401, 403, 404, 500, 503 (unreachable, not running) or 504 (timed out). */
  readonly code: number;
  readonly reason: string;
  /** True when the worker never answered. */
  readonly unreachable: boolean;
}

export class Client {
  constructor(options?: ClientOptions);
  readonly host: string;
  readonly port: number;
  readonly workerId?: string;
  healthBasic(): Promise<BasicHealth>;
  healthLive(): Promise<BasicHealth>;
  healthReady(): Promise<DetailedHealth>;
  healthDetailed(): Promise<DetailedHealth>;
  isReady(): Promise<boolean>;
  isAlive(): Promise<boolean>;
  metricsWorker(): Promise<Answer>;
  metricsEvents(): Promise<Answer>;
  metricsPrometheus(): Promise<string>;
  templatesList(includeCacheStats?: boolean): Promise<Answer>;
  templateGet(namespace: string, name: string, version: string): Promise<Answer>;
  templateValidate(namespace: string, name: string, version: string): Promise<Answer>;
  templateRefresh(namespace: string, name: string, version: string): Promise<CacheOperationResult>;
  cacheStats(): Promise<Answer>;
  cacheClear(): Promise<CacheOperationResult>;
  cacheMaintain(): Promise<CacheOperationResult>;
  configRuntime(): Promise<Answer>;
  configEnvironment(): Promise<string>;
  close(): void;
}
