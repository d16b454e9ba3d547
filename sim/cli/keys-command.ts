// `gridtwin keys generate`: a signing key pair for one DSX role — the private JWK the role signs
// with, and the public JWKS its counterparts trust (named in the scenario).
import { InputError, type InputProblem } from '../errors.ts';
import { writeKeyFiles } from '../bindings/dsx-pm/keys.ts';
import { JWS_ALGS, isJwsAlg } from '../bindings/dsx-pm/jws.ts';
import { DSX_ROLES, isDsxRole } from '../bindings/dsx-pm/source.ts';
import { booleanFlag, expectPositionals, parseCommandArgs, stringFlag } from './args.ts';
import type { CommandSpec } from './command.ts';
import { println, type CliIo } from './io.ts';

const SUBCOMMANDS = ['generate'];

export const keysCommand: CommandSpec = {
  name: 'keys',
  summary: 'generate DSX signing keys (private JWK + public JWKS) for a role',
  usage: [`gridtwin keys generate --role ${DSX_ROLES.join('|')} --out DIR [--alg ${JWS_ALGS.join('|')}] [--kid KID] [--force]`],
  description:
    'Writes DIR/<role>.private.jwk.json (mode 0600; the role signs its CloudEvents `data` with it) and\n' +
    'DIR/<role>.jwks.json (give it to whoever must verify that role). Existing files are never\n' +
    'replaced unless --force is given: a silently replaced key breaks every counterpart that trusts it.',
  flags: {
    role: { type: 'string', value: 'ROLE', description: `whose key: ${DSX_ROLES.join(', ')} (required)` },
    out: { type: 'string', value: 'DIR', description: 'folder for the two key files, created if missing (required)' },
    alg: { type: 'string', value: 'ALG', description: `JWS algorithm: ${JWS_ALGS.join(' or ')} (default ES256)` },
    kid: { type: 'string', value: 'KID', description: 'key id in the JWS header (default <role>-<thumbprint prefix>)' },
    force: { type: 'boolean', description: 'replace existing key files in DIR' },
  },
  examples: [
    'gridtwin keys generate --role poweragent --out keys/',
    'gridtwin keys generate --role isv --out keys/ --alg RS256 --kid isv-2026-01',
  ],
  async run(argv: string[], io: CliIo): Promise<number> {
    const { flags, positionals } = parseCommandArgs(keysCommand, argv);
    const sub = positionals[0];
    if (sub === undefined || !SUBCOMMANDS.includes(sub)) {
      throw new InputError(`gridtwin keys: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}`, [
        { path: sub ?? 'keys', message: `expected one of: ${SUBCOMMANDS.join(', ')}`, hint: `usage: ${keysCommand.usage[0]}` },
      ], 'BAD_ARGS');
    }
    expectPositionals(keysCommand, positionals, ['generate']);
    const role = stringFlag(flags, 'role');
    const out = stringFlag(flags, 'out');
    const alg = stringFlag(flags, 'alg') ?? 'ES256';
    const kid = stringFlag(flags, 'kid');
    const problems: InputProblem[] = [];
    if (role === undefined) problems.push({ path: '--role', message: 'is required', hint: `one of: ${DSX_ROLES.join(', ')}` });
    else if (!isDsxRole(role)) problems.push({ path: '--role', message: `unknown role '${role}'`, hint: `one of: ${DSX_ROLES.join(', ')}` });
    if (out === undefined || out === '') problems.push({ path: '--out', message: 'is required', hint: 'e.g. --out keys/' });
    if (!isJwsAlg(alg)) problems.push({ path: '--alg', message: `unsupported algorithm '${alg}'`, hint: `one of: ${JWS_ALGS.join(', ')}` });
    if (kid === '') problems.push({ path: '--kid', message: 'must not be empty', hint: 'leave --kid out for the default' });
    if (problems.length > 0 || !isDsxRole(role) || !out || !isJwsAlg(alg)) {
      throw new InputError('gridtwin keys generate: bad flags', problems, 'BAD_FLAGS');
    }
    const written = await writeKeyFiles(out, role, alg, kid, { overwrite: booleanFlag(flags, 'force') });
    println(io.stdout, `private key  ${written.privateKeyPath}  (secret: only the ${role} signs with it)`);
    println(io.stdout, `public JWKS  ${written.jwksPath}  (give to whoever verifies the ${role})`);
    println(io.stdout, `kid          ${written.kid}`);
    return 0;
  },
};
