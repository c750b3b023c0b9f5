// MCP Desk against the fixture MCP server in the dual era, through the real CLI (the suite is in era-suite.ts).
import { describeEra } from './era-suite.ts';

describeEra('dual');
