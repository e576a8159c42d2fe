export declare const BUDGET_BYTES: number
export declare const PRELOAD_BUDGET_BYTES: number
export declare function preloadFileFor(rendererDir: string): string
export declare function measureFirstScreen(rendererDir: string): {
  files: { file: string; bytes: number; gzipBytes: number }[]
  gzipBytes: number
}
