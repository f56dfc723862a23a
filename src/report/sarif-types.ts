// The subset of SARIF 2.1.0 (OASIS) that the `check` output uses. Names follow the specification so the
// objects serialise as they are.

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
  description?: SarifMessage;
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region?: SarifRegion;
}

export interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  message?: SarifMessage;
}

export interface SarifThreadFlowLocation {
  location: SarifLocation;
  nestingLevel?: number;
  executionOrder?: number;
}

export interface SarifCodeFlow {
  message?: SarifMessage;
  threadFlows: { locations: SarifThreadFlowLocation[] }[];
}

export interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription?: SarifMessage;
  fullDescription?: SarifMessage;
  help?: SarifMessage;
  helpUri?: string;
  defaultConfiguration?: { level: SarifLevel };
  properties?: { tags?: string[]; [key: string]: unknown };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  codeFlows?: SarifCodeFlow[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
  descriptor?: { id: string };
}

export interface SarifInvocation {
  executionSuccessful: boolean;
  workingDirectory?: { uri: string };
  toolExecutionNotifications?: SarifNotification[];
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      semanticVersion?: string;
      informationUri?: string;
      rules: SarifReportingDescriptor[];
    };
  };
  originalUriBaseIds?: Record<string, { uri: string; description?: SarifMessage }>;
  invocations?: SarifInvocation[];
  results: SarifResult[];
  columnKind: 'utf16CodeUnits' | 'unicodeCodePoints';
  properties?: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
