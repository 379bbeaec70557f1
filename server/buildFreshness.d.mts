export declare const buildOutputs: string[];
export declare function buildNeeded(root?: string): string | null;
