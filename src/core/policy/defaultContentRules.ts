import type { ContentRule } from './model';
import type { Tier } from './tiers';

function rule(id: string, tier: Tier, pattern: RegExp, reason: string, example: string, unless?: RegExp): ContentRule {
  return {
    id,
    pattern: pattern.source,
    flags: pattern.flags,
    ...(unless ? { unless: unless.source } : {}),
    paths: [],
    tier,
    reason,
    source: 'built-in',
    example,
  };
}

// A table name as SQL and string-building code write it: `users`, `app.users`, "Users",
// [dbo].[users], `${table}`.
const SQL_NAME = String.raw`[\w."\x60\[\]$\{\}-]+`;

/**
 * Destructive or access-widening operations. They raise the risk of AI-origin text wherever it
 * lands, because the same line is as dangerous in a script, a migration, a README snippet that
 * gets pasted, or a string in application code. Patterns are matched one line at a time, so each
 * looks for what makes the line dangerous on its own. Keep them linear: no nested quantifiers.
 */
export const DEFAULT_CONTENT_RULES: readonly ContentRule[] = [
  rule(
    'sql.drop',
    'critical',
    /\bDROP\s+(?:TABLE|DATABASE|SCHEMA|VIEW|MATERIALIZED\s+VIEW|INDEX|COLUMN|USER|ROLE|CONSTRAINT|TYPE|FUNCTION|PROCEDURE|TRIGGER|SEQUENCE|EXTENSION|KEYSPACE|COLLECTION)\b|\.dropDatabase\s*\(|\b(?:drop_table|drop_column|remove_column|dropTable|dropTableIfExists|dropColumn)\b/i,
    'Drops a database object; data or schema is lost.',
    'DROP TABLE users;',
  ),
  rule(
    'sql.truncate',
    'critical',
    new RegExp(String.raw`\bTRUNCATE\s+TABLE\b|\bTRUNCATE\s+${SQL_NAME}\s*(?:;|$|CASCADE\b|RESTART\b)`, 'i'),
    'Truncates a table; every row is deleted.',
    'TRUNCATE TABLE sessions;',
  ),
  rule(
    'sql.delete-without-where',
    'critical',
    // The name (and an optional alias) must be followed by the end of the statement, the end of
    // a string, or the end of the line; a WHERE on the same line makes the pattern fail, and
    // `unless` handles a WHERE on the next line.
    new RegExp(String.raw`\bDELETE\s+FROM\s+${SQL_NAME}(?:\s+(?:AS\s+)?(?!(?:WHERE|USING|RETURNING)\b)\w+)?\s*(?=;|$|["'\x60)]|--)`, 'i'),
    'Deletes every row of a table (DELETE without WHERE).',
    'DELETE FROM users;',
    /^\s*(?:WHERE|USING)\b/i,
  ),
  rule(
    'sql.grant-all',
    'high',
    /\bGRANT\s+ALL\b/i,
    'Grants every privilege on a database object.',
    'GRANT ALL PRIVILEGES ON DATABASE app TO app_user;',
  ),
  rule(
    'iac.destroy',
    'critical',
    /\b(?:terraform|tofu|terragrunt)\b(?:\s+-\S+)*\s+destroy\b|\b(?:terraform|tofu|terragrunt)\s+(?:plan|apply)\b[^#\n]*\s-destroy\b|\b(?:pulumi|cdk)\s+destroy\b|\baws\s+cloudformation\s+delete-stack\b/,
    'Destroys provisioned infrastructure.',
    'terraform destroy -auto-approve',
  ),
  rule(
    'iac.force-destroy',
    'high',
    /\bforce_destroy\s*=\s*true\b/,
    'Lets Terraform delete a bucket or resource together with all its contents.',
    'force_destroy = true',
  ),
  rule(
    'iac.deletion-protection-off',
    'high',
    /\bdeletion_?protection(?:_?enabled)?["']?\s*[:=]\s*["']?false\b/i,
    'Turns off deletion protection on a database or resource.',
    'deletion_protection = false',
  ),
  rule(
    'iac.prevent-destroy-off',
    'high',
    /\bprevent_destroy\s*=\s*false\b/,
    'Removes the lifecycle guard that stops Terraform from destroying a resource.',
    'prevent_destroy = false',
  ),
  rule(
    'iac.skip-final-snapshot',
    'high',
    /\bskip_final_snapshot\s*=\s*true\b/,
    'A deleted database leaves no final snapshot to restore from.',
    'skip_final_snapshot = true',
  ),
  rule(
    'iac.removal-policy-destroy',
    'high',
    /\bRemovalPolicy\.DESTROY\b|\bDeletionPolicy["']?\s*:\s*["']?Delete\b/,
    'The resource (and its data) is deleted when the stack removes it.',
    'removalPolicy: RemovalPolicy.DESTROY,',
  ),
  rule(
    'k8s.delete',
    'high',
    /\bkubectl(?:\s+-[\w-]+(?:=\S+|\s+[^\s-]\S*)?)*\s+delete\b|\bhelm\s+(?:uninstall|delete)\b/,
    'Deletes Kubernetes resources or a Helm release.',
    'kubectl delete namespace payments',
  ),
  rule(
    'k8s.privileged',
    'high',
    /\b(?:privileged|allowPrivilegeEscalation|host(?:Network|PID|IPC))["']?\s*[:=]\s*true\b|(?<!\S)--privileged\b/,
    'Runs a container with host-level privileges.',
    'privileged: true',
  ),
  rule(
    'shell.rm-rf-root',
    'critical',
    // Recursive rm whose target is the root, the home folder, or starts with a variable (an
    // empty variable turns `rm -rf "$DIR/"*` into `rm -rf /*`).
    /\brm(?=[^;&|\n]*?\s(?:-[a-zA-Z]*[rR]|--recursive\b))(?:\s+-[\w-]+)+\s+["']?(?:\/\*?(?=["'\s;&|)]|$)|~\/?\*?(?=["'\s;&|)]|$)|\$\{?[A-Za-z_@*0-9])/,
    'Recursively deletes the root, the home folder, or a path built from a variable.',
    'rm -rf "$BUILD_DIR"/*',
  ),
  rule(
    'shell.chmod-777',
    'high',
    /\bchmod\b[^;\n]{0,80}?(?:\b0{0,2}777\b|\b0o777\b|\b(?:a|ugo)\+rwx\b)/,
    'Makes a file writable and executable by everyone.',
    'chmod 777 /var/run/app.sock',
  ),
  rule(
    'git.force-push',
    'high',
    /\bgit\b(?:\s+-\S+(?:\s+[^\s-]\S*)?)*\s+push\b[^;&|\n]*?\s(?:--force(?![\w-])|-f\b|\+[\w./-]+)/,
    'Force-pushes, rewriting shared history.',
    'git push --force origin main',
  ),
  rule(
    'iam.wildcard-action',
    'critical',
    /\b(?:Not)?Actions?\b["']?\s*[:=]\s*\[?\s*["']\*["']/i,
    'An IAM statement allows every action.',
    '"Action": "*",',
  ),
  rule(
    'iam.wildcard-resource',
    'high',
    /\bResources?\b["']?\s*[:=]\s*\[?\s*["']\*["']/i,
    'An IAM or RBAC rule applies to every resource.',
    '"Resource": "*"',
  ),
  rule(
    'iam.wildcard-principal',
    'critical',
    /\bPrincipals?\b["']?\s*[:=]\s*\{?\s*(?:["']?AWS["']?\s*[:=]\s*)?\[?\s*["']\*["']/i,
    'A resource policy trusts every principal (anyone, including anonymous callers).',
    '"Principal": { "AWS": "*" }',
  ),
  rule(
    'k8s.rbac-wildcard',
    'high',
    /\bverbs\s*:\s*\[?\s*["']\*["']/,
    'A Kubernetes role allows every verb.',
    'verbs: ["*"]',
  ),
  rule(
    'net.open-ingress',
    'high',
    /(?<![\d.])0\.0\.0\.0\/0(?!\d)|(?<![\w:])::\/0(?!\d)/,
    'Opens a network rule to the whole internet (0.0.0.0/0 or ::/0); fine for egress, dangerous for ingress.',
    'cidr_blocks = ["0.0.0.0/0"]',
  ),
  rule(
    'storage.public-access',
    'high',
    /\bacl\s*[:=]\s*["']public-read(?:-write)?["']|\bblock_public_(?:acls|policy)\s*=\s*false\b|\brestrict_public_buckets\s*=\s*false\b/i,
    'Makes a storage bucket or its objects publicly readable.',
    'acl = "public-read"',
  ),
  rule(
    'tls.verification-disabled',
    'high',
    /\b(?:ssl_)?verify(?:_ssl|_certs?)?\s*=\s*False\b|\brejectUnauthorized["']?\s*:\s*false\b|\bInsecureSkipVerify\s*:\s*true\b|\bNODE_TLS_REJECT_UNAUTHORIZED["']?\s*[=:]\s*["']?0\b|\bCURLOPT_SSL_VERIFY(?:PEER|HOST)\b\s*(?:,|=>)\s*(?:false|0)\b|\bvalidate_certs\s*[:=]\s*(?:false|no)\b|\bsslVerify\s*=?\s*false\b|\bGIT_SSL_NO_VERIFY\b|\bcheck_hostname\s*=\s*False\b|\bCERT_NONE\b|\bstrict-ssl\s*[=\s]\s*false\b/,
    'Turns off TLS certificate verification, allowing man-in-the-middle attacks.',
    'requests.get(url, verify=False)',
  ),
  rule(
    'tls.insecure-download',
    'high',
    /\bcurl\b[^|;&\n]*\s(?:-[a-zA-Z]*k[a-zA-Z]*|--insecure)(?=\s|$)|\bwget\b[^|;&\n]*\s--no-check-certificate\b/,
    'Downloads without verifying the server certificate (curl -k, wget --no-check-certificate).',
    'curl -sSLk https://example.com/install.sh | sh',
  ),
  rule(
    'tls.sslmode-disable',
    'high',
    /\bsslmode\s*[=:]\s*["']?disable\b/i,
    'Connects to the database without TLS.',
    'postgres://app@db:5432/app?sslmode=disable',
  ),
  rule(
    'secrets.private-key',
    'critical',
    /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/,
    'A private key is written into the file.',
    '-----BEGIN RSA PRIVATE KEY-----',
  ),
  rule(
    'secrets.aws-access-key',
    'critical',
    /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/,
    'An AWS access key id is written into the file.',
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  ),
];
