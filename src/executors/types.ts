/**
 * The Executor seam: how a task attempt becomes a process (local today, Kubernetes pods later).
 * Executors run what they are told and report what happened; they never decide scheduling.
 */

/** A file placed in the task's view of the file system before it starts (raw artifacts, tokens). */
export interface TaskFile {
  /** Absolute path as the task sees it, e.g. /tmp/file. */
  path: string;
  content: string | Buffer;
  /** Octal permission bits; default 0o644. */
  mode?: number;
}

/** An input artifact to unpack at `path` before the task starts. */
export interface InputArtifactMount {
  name: string;
  /** Absolute path as the task sees it. */
  path: string;
  /** Location of the stored artifact (a .tgz written by a previous task's collectArtifacts). */
  archivePath: string;
}

export interface OutputSpec {
  parameters: { name: string; path: string }[];
  artifacts: { name: string; path: string; optional?: boolean; archive?: 'tgz' | 'none' }[];
}

export interface TaskLaunch {
  /** Unique per attempt, filesystem-safe: `<runUid>/<nodeId>`. */
  taskId: string;
  /** argv; for scripts the executor appends the path of the written source file (Argo's convention). */
  command: string[];
  script?: { source: string };
  env: Record<string, string>;
  /** Working directory as the task sees it; default the task's own /tmp. */
  workingDir?: string;
  /** Wall-clock limit; the whole process group is killed when it passes. */
  timeoutMs?: number;
  files: TaskFile[];
  inputArtifacts: InputArtifactMount[];
  outputs: OutputSpec;
  /** Where collected output artifacts go: `<artifactDir>/<name>.tgz`. */
  artifactDir: string;
  network: boolean;
  /** Run as this uid/gid (when Keyflow runs as root); undefined keeps the current user. */
  runAs?: { uid: number; gid: number };
  /** Byte cap of stdout kept as `outputs.result` (Argo caps it at 256 KiB). */
  resultLimitBytes?: number;
  /** Byte cap of the stored log; output beyond it is dropped with a marker line. */
  logLimitBytes?: number;
}

export interface TaskOutcome {
  taskId: string;
  /** Null when the process was killed by a signal or never started. */
  exitCode: number | null;
  signal?: string;
  /** Why the attempt ended abnormally: 'timeout', 'killed', 'spawn-failed', 'lost', 'output-error'. */
  reason?: 'timeout' | 'killed' | 'spawn-failed' | 'lost' | 'output-error';
  message?: string;
  /** Captured stdout, trimmed of one trailing newline and capped at resultLimitBytes. */
  result?: string;
  outputParameters: Record<string, string>;
  /** Name -> stored archive path; missing optional artifacts are absent. */
  outputArtifacts: Record<string, string>;
  startedAt: string;
  finishedAt: string;
}

export interface Executor {
  /** Starts the attempt and resolves with its outcome once it ends; aborting the signal kills it. */
  run(launch: TaskLaunch, signal?: AbortSignal): Promise<TaskOutcome>;
  /**
   * After an engine crash: the persisted outcome of an attempt that finished while nobody was
   * listening, or undefined if its outcome was lost (the process died with the engine).
   */
  recover(taskId: string): Promise<TaskOutcome | undefined>;
  /** Path of the attempt's combined stdout+stderr log file (may not exist yet). */
  logPath(taskId: string): string;
  /** Removes everything the executor kept for the attempt (when the workflow is deleted). */
  cleanup(taskId: string): Promise<void>;
}
