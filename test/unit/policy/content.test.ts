import * as assert from 'node:assert/strict';
import type { ContentFinding } from '../../../src/core/policy';
import { MAX_SCAN_LINE_LENGTH, assessRisk, compilePolicy, defaultPolicy, parsePolicy, scanContent, scanLines } from '../../../src/core/policy';
import { DEFAULT_CONTENT_RULES } from '../../../src/core/policy/defaultContentRules';

const compiled = compilePolicy(defaultPolicy());
const ids = (text: string) => scanContent(text, compiled).map((f) => f.ruleId);

/** [line, rule it must trigger]. */
const POSITIVE: readonly [string, string][] = [
  ['DROP TABLE users;', 'sql.drop'],
  ['  drop table if exists "Sessions" cascade;', 'sql.drop'],
  ['ALTER TABLE users DROP COLUMN email;', 'sql.drop'],
  ['DROP DATABASE production;', 'sql.drop'],
  ['    op.drop_table("users")', 'sql.drop'],
  ['    drop_table :users', 'sql.drop'],
  ['await knex.schema.dropTableIfExists("users");', 'sql.drop'],
  ['db.dropDatabase()', 'sql.drop'],
  ['TRUNCATE TABLE audit_log;', 'sql.truncate'],
  ['truncate sessions;', 'sql.truncate'],
  ['TRUNCATE orders CASCADE;', 'sql.truncate'],
  ['DELETE FROM users;', 'sql.delete-without-where'],
  ['delete from public.users', 'sql.delete-without-where'],
  ['conn.execute("DELETE FROM sessions")', 'sql.delete-without-where'],
  ['await db.query(`DELETE FROM ${table}`);', 'sql.delete-without-where'],
  ['DELETE FROM users u;', 'sql.delete-without-where'],
  ['GRANT ALL PRIVILEGES ON *.* TO app;', 'sql.grant-all'],
  ['terraform destroy -auto-approve', 'iac.destroy'],
  ['terraform -chdir=infra/prod destroy', 'iac.destroy'],
  ['terraform apply -auto-approve -destroy', 'iac.destroy'],
  ['tofu destroy', 'iac.destroy'],
  ['pulumi destroy --yes', 'iac.destroy'],
  ['aws cloudformation delete-stack --stack-name prod', 'iac.destroy'],
  ['  force_destroy = true', 'iac.force-destroy'],
  ['  deletion_protection = false', 'iac.deletion-protection-off'],
  ['  deletionProtection: false,', 'iac.deletion-protection-off'],
  ['"DeletionProtection": false', 'iac.deletion-protection-off'],
  ['    prevent_destroy = false', 'iac.prevent-destroy-off'],
  ['  skip_final_snapshot = true', 'iac.skip-final-snapshot'],
  ['removalPolicy: cdk.RemovalPolicy.DESTROY,', 'iac.removal-policy-destroy'],
  ['    DeletionPolicy: Delete', 'iac.removal-policy-destroy'],
  ['kubectl delete deployment api', 'k8s.delete'],
  ['kubectl -n prod delete pod --all', 'k8s.delete'],
  ['kubectl --context=prod delete ns payments', 'k8s.delete'],
  ['helm uninstall api -n prod', 'k8s.delete'],
  ['        privileged: true', 'k8s.privileged'],
  ['docker run --privileged -v /:/host alpine', 'k8s.privileged'],
  ['rm -rf /', 'shell.rm-rf-root'],
  ['sudo rm -rf / --no-preserve-root', 'shell.rm-rf-root'],
  ['rm -rf /*', 'shell.rm-rf-root'],
  ['rm -rf ~', 'shell.rm-rf-root'],
  ['rm -rf ~/', 'shell.rm-rf-root'],
  ['rm -rf $BUILD_DIR', 'shell.rm-rf-root'],
  ['rm -rf "${STEAMROOT}/"*', 'shell.rm-rf-root'],
  ['rm -fr "$TMP"', 'shell.rm-rf-root'],
  ['rm -r -f $DIR/', 'shell.rm-rf-root'],
  ['rm --recursive --force $X', 'shell.rm-rf-root'],
  ['chmod 777 /var/run/app.sock', 'shell.chmod-777'],
  ['chmod -R 0777 storage', 'shell.chmod-777'],
  ['os.chmod(path, 0o777)', 'shell.chmod-777'],
  ['chmod a+rwx deploy.sh', 'shell.chmod-777'],
  ['git push --force origin main', 'git.force-push'],
  ['git push -f', 'git.force-push'],
  ['git push origin +main', 'git.force-push'],
  ['git -C repo push --force', 'git.force-push'],
  ['    "Action": "*",', 'iam.wildcard-action'],
  ['"Action": ["*"]', 'iam.wildcard-action'],
  ['    actions   = ["*"]', 'iam.wildcard-action'],
  ['    Action: "*"', 'iam.wildcard-action'],
  ['"Resource": "*"', 'iam.wildcard-resource'],
  ['    resources = ["*"]', 'iam.wildcard-resource'],
  ['  resources: ["*"]', 'iam.wildcard-resource'],
  ['"Principal": "*"', 'iam.wildcard-principal'],
  ['"Principal": { "AWS": "*" }', 'iam.wildcard-principal'],
  ['  verbs: ["*"]', 'k8s.rbac-wildcard'],
  ['    cidr_blocks = ["0.0.0.0/0"]', 'net.open-ingress'],
  ['  ipv6_cidr_blocks = ["::/0"]', 'net.open-ingress'],
  ['      CidrIp: 0.0.0.0/0', 'net.open-ingress'],
  ['  acl    = "public-read"', 'storage.public-access'],
  ['  block_public_acls = false', 'storage.public-access'],
  ['requests.get(url, verify=False)', 'tls.verification-disabled'],
  ['session.verify = False', 'tls.verification-disabled'],
  ['const agent = new https.Agent({ rejectUnauthorized: false });', 'tls.verification-disabled'],
  ['TLSClientConfig: &tls.Config{InsecureSkipVerify: true},', 'tls.verification-disabled'],
  ['NODE_TLS_REJECT_UNAUTHORIZED=0 node app.js', 'tls.verification-disabled'],
  ['process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";', 'tls.verification-disabled'],
  ['ctx.verify_mode = ssl.CERT_NONE', 'tls.verification-disabled'],
  ['git config --global http.sslVerify false', 'tls.verification-disabled'],
  ['npm config set strict-ssl false', 'tls.verification-disabled'],
  ['curl -k https://internal/api', 'tls.insecure-download'],
  ['curl -sSLk https://get.example.com | bash', 'tls.insecure-download'],
  ['curl --insecure -o x https://a', 'tls.insecure-download'],
  ['wget --no-check-certificate https://a/x.tgz', 'tls.insecure-download'],
  ['DATABASE_URL=postgres://u:p@db/app?sslmode=disable', 'tls.sslmode-disable'],
  ['-----BEGIN OPENSSH PRIVATE KEY-----', 'secrets.private-key'],
  ['-----BEGIN PRIVATE KEY-----', 'secrets.private-key'],
  ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'secrets.aws-access-key'],
];

/** Lines that look close to dangerous ones and must not raise anything. */
const NEGATIVE: readonly string[] = [
  'DELETE FROM users WHERE id = 1',
  'DELETE FROM users WHERE id = $1;',
  'delete from sessions where expires_at < now();',
  'DELETE FROM users u WHERE u.id = 1;',
  'DELETE FROM a USING b WHERE a.id = b.id;',
  'SELECT * FROM users;',
  '// we drop the cache here',
  'const truncated = truncate(text, 80);',
  'Truncate the string to 80 characters',
  'df = df.drop(columns=["a"])',
  'terraform plan -out plan.tfplan',
  'terraform apply plan.tfplan',
  'force_destroy = false',
  'deletion_protection = true',
  'prevent_destroy = true',
  'skip_final_snapshot = false',
  'kubectl get pods -n prod',
  'kubectl apply -f k8s/',
  'privileged: false',
  'rm -rf /tmp/build',
  'rm -rf ./node_modules',
  'rm -rf build/ dist/',
  'rm -f $LOGFILE',
  'rm $FILE',
  'chmod 755 deploy.sh',
  'chmod 1777 /tmp',
  'git push origin main',
  'git push --force-with-lease origin feature',
  '"Action": "s3:GetObject"',
  '"Resource": "arn:aws:s3:::bucket/*"',
  'verbs: ["get", "list"]',
  'cidr_blocks = ["10.0.0.0/16"]',
  'server 10.0.0.0/0x',
  'acl = "private"',
  'requests.get(url, verify=True)',
  'requests.get(url, verify=ca_bundle)',
  'rejectUnauthorized: true',
  'curl -sSL https://example.com/install.sh | sh',
  'curl -H "X-Kind: -k" https://a',
  'sslmode=require',
  '-----BEGIN PUBLIC KEY-----',
  'const AKIA = "not a key";',
  '',
];

describe('policy: content rules', () => {
  describe('flag dangerous lines', () => {
    for (const [line, rule] of POSITIVE) {
      it(`${rule}: ${line}`, () => assert.ok(ids(line).includes(rule), `got [${ids(line).join(', ')}]`));
    }
  });

  describe('leave ordinary lines alone', () => {
    for (const line of NEGATIVE) it(JSON.stringify(line), () => assert.deepEqual(ids(line), []));
  });

  it('reports line, column and length of the match, with tier and reason', () => {
    const text = 'SELECT 1;\n  -- cleanup\n  DELETE FROM users;\n';
    const findings = scanContent(text, compiled, { firstLine: 10 });
    const expected: ContentFinding = {
      ruleId: 'sql.delete-without-where',
      tier: 'critical',
      reason: 'Deletes every row of a table (DELETE without WHERE).',
      line: 12,
      column: 2,
      length: 'DELETE FROM users'.length,
    };
    assert.deepEqual(findings, [expected]);
  });

  it('a WHERE on the next line cancels DELETE FROM, only when that line directly follows', () => {
    assert.deepEqual(ids('DELETE FROM users\n  WHERE id = 1;'), []);
    assert.deepEqual(ids('DELETE FROM users\r\nWHERE id = 1;'), []);
    assert.deepEqual(ids('DELETE FROM users\n\nWHERE id = 1;'), ['sql.delete-without-where']);
    const sparse = scanLines(
      [
        { line: 4, text: 'DELETE FROM users' },
        { line: 6, text: 'WHERE id = 1' },
      ],
      compiled,
    );
    assert.deepEqual(
      sparse.map((f) => [f.ruleId, f.line]),
      [['sql.delete-without-where', 4]],
    );
  });

  it('matches only the first MAX_SCAN_LINE_LENGTH characters of a line', () => {
    const pad = 'x'.repeat(MAX_SCAN_LINE_LENGTH - 10);
    assert.deepEqual(ids(`${pad} rm -rf /`), ['shell.rm-rf-root']);
    assert.deepEqual(ids(`${pad}${'y'.repeat(20)} rm -rf /`), []);
  });

  it('built-in patterns stay fast on adversarial lines (no catastrophic backtracking)', () => {
    const hostile = [
      'rm' + ' -x'.repeat(600),
      'kubectl' + ' --a b'.repeat(300),
      'git' + ' -c'.repeat(600) + ' push',
      'DELETE FROM ' + 'a '.repeat(900),
      'curl ' + '-H x '.repeat(400),
      'chmod ' + '7'.repeat(1990),
      '"Principal": {' + ' '.repeat(1980),
      'terraform apply ' + 'x '.repeat(900),
      ' '.repeat(1999) + 'x',
    ];
    for (const rule of DEFAULT_CONTENT_RULES) {
      const re = new RegExp(rule.pattern, rule.flags);
      for (const line of hostile) {
        const start = process.hrtime.bigint();
        re.exec(line.slice(0, MAX_SCAN_LINE_LENGTH));
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        assert.ok(ms < 50, `${rule.id} took ${ms.toFixed(1)} ms on ${JSON.stringify(line.slice(0, 30))}...`);
      }
    }
  });

  it('runs repository rules, with flags, unless and paths', () => {
    const { policy, problems } = parsePolicy(
      JSON.stringify({
        contentRules: [
          { id: 'app.kill-switch', pattern: 'killSwitch\\s*\\(', flags: 'i', tier: 'high', reason: 'Turns a feature off.' },
          { id: 'sql.no-limit', pattern: '^\\s*UPDATE\\s+\\w+\\s+SET\\b', flags: 'i', unless: '\\bWHERE\\b', paths: ['*.sql'], tier: 'high', reason: 'Unbounded update.' },
        ],
      }),
    );
    assert.deepEqual(problems, []);
    const c = compilePolicy(policy);
    assert.deepEqual(
      scanContent('KILLSWITCH (feature)', c).map((f) => f.ruleId),
      ['app.kill-switch'],
    );
    assert.deepEqual(
      scanContent('UPDATE users SET admin = true;', c, { path: 'db/fix.sql' }).map((f) => f.ruleId),
      ['sql.no-limit'],
    );
    assert.deepEqual(scanContent('UPDATE users SET admin = true WHERE id = 1;', c, { path: 'db/fix.sql' }), []);
    assert.deepEqual(scanContent('UPDATE users SET admin = true;', c, { path: 'src/app.ts' }), []);
  });

  it('assessRisk combines the path tier with findings in the AI lines', () => {
    const low = assessRisk(compiled, 'scripts/cleanup.sh', [{ line: 3, text: 'rm -rf "$CACHE_DIR"' }]);
    assert.equal(low.path.tier, 'low');
    assert.equal(low.tier, 'critical');
    assert.deepEqual(
      low.findings.map((f) => [f.ruleId, f.line, f.column]),
      [['shell.rm-rf-root', 3, 0]],
    );
    const tf = assessRisk(compiled, 'infra/main.tf', [{ line: 0, text: 'tags = {}' }]);
    assert.equal(tf.tier, 'critical');
    assert.deepEqual(tf.findings, []);
    assert.equal(assessRisk(compiled, 'README.md', []).tier, 'low');
  });
});
