import * as assert from 'node:assert/strict';
import type { Tier } from '../../../src/core/policy';
import { DEFAULT_CONTENT_RULES, DEFAULT_PATH_RULES, compilePolicy, defaultPolicy, scanContent } from '../../../src/core/policy';
import { normalizeGlob } from '../../../src/core/policy/globs';

const compiled = compilePolicy(defaultPolicy(), { cacheSize: 0 });

/** [path, expected tier, rule that decides it]. Realistic paths from real repository layouts. */
const CASES: readonly [string, Tier, string | undefined][] = [
  // CI/CD
  ['.github/workflows/deploy.yml', 'critical', 'ci.github-workflows'],
  ['.github/workflows/nested/reusable.yaml', 'critical', 'ci.github-workflows'],
  ['.github/actions/setup-node/action.yml', 'critical', 'ci.github-actions'],
  ['.gitlab-ci.yml', 'critical', 'ci.gitlab'],
  ['ci/templates/build.gitlab-ci.yml', 'critical', 'ci.gitlab'],
  ['.gitlab/ci/deploy.yml', 'critical', 'ci.gitlab'],
  ['Jenkinsfile', 'critical', 'ci.jenkins'],
  ['services/api/Jenkinsfile', 'critical', 'ci.jenkins'],
  ['Jenkinsfile.release', 'critical', 'ci.jenkins'],
  ['.circleci/config.yml', 'critical', 'ci.circleci'],
  ['azure-pipelines.yml', 'critical', 'ci.azure-pipelines'],
  ['build/azure-pipelines.release.yaml', 'critical', 'ci.azure-pipelines'],
  ['.buildkite/pipeline.yml', 'critical', 'ci.buildkite'],
  ['.travis.yml', 'critical', 'ci.other'],
  ['bitbucket-pipelines.yml', 'critical', 'ci.other'],
  ['cloudbuild.yaml', 'critical', 'ci.other'],
  ['buildspec.yml', 'critical', 'ci.other'],
  // Infrastructure as code
  ['infra/main.tf', 'critical', 'iac.terraform'],
  ['modules/vpc/variables.tf', 'critical', 'iac.terraform'],
  ['envs/prod/terraform.tfvars', 'critical', 'iac.terraform'],
  ['infra/.terraform.lock.hcl', 'critical', 'iac.terraform'],
  ['live/prod/terragrunt.hcl', 'critical', 'iac.terraform'],
  ['infra/main.tofu', 'critical', 'iac.terraform'],
  ['terraform.tfstate', 'critical', 'iac.terraform-state'],
  ['packer/ami.pkr.hcl', 'high', 'iac.hcl'],
  ['template.yaml', 'critical', 'iac.cloudformation'],
  ['cloudformation/network.yml', 'critical', 'iac.cloudformation'],
  ['stacks/vpc.cfn.yaml', 'critical', 'iac.cloudformation'],
  ['infra/lib/api-stack.ts', 'critical', 'iac.cdk'],
  ['cdk.json', 'critical', 'iac.cdk'],
  ['infra/Pulumi.yaml', 'critical', 'iac.pulumi'],
  ['infra/Pulumi.prod.yaml', 'critical', 'iac.pulumi'],
  ['infra/main.bicep', 'critical', 'iac.bicep-arm'],
  ['azuredeploy.json', 'critical', 'iac.bicep-arm'],
  ['ansible/site.yml', 'high', 'iac.config-management'],
  ['roles/web/tasks/main.yml', 'high', 'iac.config-management'],
  // Kubernetes and containers
  ['k8s/deployment.yaml', 'high', 'k8s.manifests'],
  ['deploy/k8s/base/kustomization.yaml', 'high', 'k8s.manifests'],
  ['kustomize/overlays/prod/patch.yaml', 'high', 'k8s.manifests'],
  ['charts/api/values.yaml', 'high', 'k8s.helm'],
  ['charts/api/values-prod.yaml', 'high', 'k8s.helm'],
  ['charts/api/templates/service.yaml', 'high', 'k8s.helm'],
  ['charts/api/Chart.yaml', 'high', 'k8s.helm'],
  ['k8s/secret.yaml', 'critical', 'secrets.named'],
  ['k8s/rbac.yaml', 'critical', 'iam.k8s-rbac'],
  ['manifests/cluster-rolebinding.yaml', 'critical', 'iam.k8s-rbac'],
  ['Dockerfile', 'high', 'container.dockerfile'],
  ['services/api/Dockerfile.prod', 'high', 'container.dockerfile'],
  ['docker/worker.Dockerfile', 'high', 'container.dockerfile'],
  ['Containerfile', 'high', 'container.dockerfile'],
  ['docker-compose.yml', 'high', 'container.compose'],
  ['docker-compose.override.yaml', 'high', 'container.compose'],
  ['compose.yaml', 'high', 'container.compose'],
  // Databases
  ['db/migrate/20240101120000_add_users.rb', 'critical', 'db.migrations'],
  ['app/migrations/0001_initial.py', 'critical', 'db.migrations'],
  ['prisma/migrations/20240101_init/migration.sql', 'critical', 'db.migrations'],
  ['alembic/versions/3a1b_add_index.py', 'critical', 'db.migrations'],
  ['alembic.ini', 'critical', 'db.migrations'],
  ['src/main/resources/db/migration/V2__add_index.sql', 'critical', 'db.migrations'],
  ['sql/V1_1__init.sql', 'critical', 'db.migrations'],
  ['src/main/resources/db/changelog/db.changelog-master.xml', 'critical', 'db.migrations'],
  ['flyway.conf', 'critical', 'db.migrations'],
  ['prisma/schema.prisma', 'critical', 'db.schema'],
  ['db/schema.rb', 'critical', 'db.schema'],
  ['db/structure.sql', 'critical', 'db.schema'],
  ['db/queries/monthly_report.sql', 'high', 'db.sql'],
  // IAM, secrets
  ['iam/roles.json', 'critical', 'iam.policy-documents'],
  ['infra/policies/s3/read-only.json', 'critical', 'iam.policy-documents'],
  ['aws/bucket-policy.json', 'critical', 'iam.policy-documents'],
  ['policy/authz.rego', 'critical', 'iam.policy-documents'],
  ['lambda-iam-role.json', 'critical', 'iam.policy-documents'],
  ['.env', 'critical', 'secrets.env-files'],
  ['.env.production', 'critical', 'secrets.env-files'],
  ['services/api/.env.local', 'critical', 'secrets.env-files'],
  ['config/prod.env', 'critical', 'secrets.env-files'],
  ['.envrc', 'critical', 'secrets.env-files'],
  ['.env.example', 'medium', 'secrets.env-templates'],
  ['apps/web/.env.sample', 'medium', 'secrets.env-templates'],
  ['config/secrets.yml', 'critical', 'secrets.named'],
  ['config/credentials.json', 'critical', 'secrets.named'],
  ['deploy/secrets/api-token.txt', 'critical', 'secrets.named'],
  ['certs/server.key', 'critical', 'secrets.keys-certs'],
  ['certs/ca.pem', 'critical', 'secrets.keys-certs'],
  ['.ssh/id_ed25519', 'critical', 'secrets.keys-certs'],
  ['.npmrc', 'critical', 'secrets.tool-credentials'],
  ['.pypirc', 'critical', 'secrets.tool-credentials'],
  ['.docker/config.json', 'critical', 'secrets.tool-credentials'],
  ['.sops.yaml', 'critical', 'secrets.tool-credentials'],
  // Application code with blast radius
  ['src/auth/session.ts', 'high', 'auth.code'],
  ['src/middleware/authMiddleware.ts', 'high', 'auth.code'],
  ['src/hooks/useAuth.ts', 'high', 'auth.code'],
  ['app/controllers/oauth_callbacks_controller.rb', 'high', 'auth.code'],
  ['lib/jwt.ts', 'high', 'auth.code'],
  ['src/services/UserAuthentication.java', 'high', 'auth.code'],
  ['api/user-permissions.go', 'high', 'auth.code'],
  ['src/components/PasswordReset.tsx', 'high', 'auth.code'],
  ['src/crypto/aes.ts', 'high', 'security.crypto'],
  ['pkg/util/encrypt.go', 'high', 'security.crypto'],
  ['src/billing/invoice.ts', 'high', 'billing.code'],
  ['services/payments/refund.go', 'high', 'billing.code'],
  ['src/lib/stripeClient.ts', 'high', 'billing.code'],
  // Deploy and release
  ['scripts/deploy.sh', 'high', 'deploy.scripts'],
  ['deploy/run.sh', 'high', 'deploy.scripts'],
  ['scripts/release.py', 'high', 'deploy.scripts'],
  ['vercel.json', 'high', 'deploy.platform-config'],
  ['fly.toml', 'high', 'deploy.platform-config'],
  ['serverless.yml', 'high', 'deploy.platform-config'],
  ['.goreleaser.yaml', 'high', 'release.automation'],
  ['ios/fastlane/Fastfile', 'high', 'release.automation'],
  ['nginx/nginx.conf', 'high', 'net.edge-config'],
  ['Caddyfile', 'high', 'net.edge-config'],
  // Governance
  ['.ai-provenance.json', 'critical', 'governance.ai-provenance'],
  ['CODEOWNERS', 'critical', 'governance.codeowners'],
  ['.github/CODEOWNERS', 'critical', 'governance.codeowners'],
  ['docs/CODEOWNERS', 'critical', 'governance.codeowners'],
  ['.github/settings.yml', 'critical', 'governance.repo-settings'],
  ['.husky/pre-commit', 'high', 'build.git-hooks'],
  ['.pre-commit-config.yaml', 'high', 'build.git-hooks'],
  ['.github/dependabot.yml', 'medium', 'governance.automation'],
  ['renovate.json', 'medium', 'governance.automation'],
  // Build and dependencies
  ['package.json', 'medium', 'deps.manifests'],
  ['packages/web/package.json', 'medium', 'deps.manifests'],
  ['requirements.txt', 'medium', 'deps.manifests'],
  ['requirements-dev.txt', 'medium', 'deps.manifests'],
  ['backend/requirements/prod.txt', 'medium', 'deps.manifests'],
  ['go.mod', 'medium', 'deps.manifests'],
  ['Cargo.toml', 'medium', 'deps.manifests'],
  ['package-lock.json', 'medium', 'deps.lockfiles'],
  ['yarn.lock', 'medium', 'deps.lockfiles'],
  ['pnpm-lock.yaml', 'medium', 'deps.lockfiles'],
  ['go.sum', 'medium', 'deps.lockfiles'],
  ['poetry.lock', 'medium', 'deps.lockfiles'],
  ['Makefile', 'medium', 'build.config'],
  ['tsconfig.json', 'medium', 'build.config'],
  ['tsconfig.build.json', 'medium', 'build.config'],
  ['webpack.config.js', 'medium', 'build.config'],
  ['app/build.gradle.kts', 'medium', 'build.config'],
  ['src/App/App.csproj', 'medium', 'build.config'],
  ['.devcontainer/devcontainer.json', 'medium', 'build.config'],
  ['vendor/github.com/pkg/errors/errors.go', 'medium', 'deps.vendored'],
  // Must stay low: ordinary code, docs, tests, and names that merely look like risky ones.
  ['README.md', 'low', undefined],
  ['src/utils/format.ts', 'low', undefined],
  ['src/index.ts', 'low', undefined],
  ['docs/guide.md', 'low', undefined],
  ['docs/security-overview.md', 'low', undefined],
  ['CHANGELOG.md', 'low', undefined],
  ['LICENSE', 'low', undefined],
  ['.gitignore', 'low', undefined],
  ['.prettierrc', 'low', undefined],
  ['.vscode/settings.json', 'low', undefined],
  ['test/fixtures/data.json', 'low', undefined],
  ['src/components/AuthorList.tsx', 'low', undefined],
  ['src/models/author.ts', 'low', undefined],
  ['content/authors.json', 'low', undefined],
  ['app/models/user.rb', 'low', undefined],
  ['src/pages/about.tsx', 'low', undefined],
  ['src/data/william.json', 'low', undefined],
  ['src/collections/Stack.java', 'low', undefined],
  ['src/templates/email.html', 'low', undefined],
  ['public/manifest.json', 'low', undefined],
  ['src/api/keyboard.ts', 'low', undefined],
  ['src/inventory/stock.ts', 'low', undefined],
  ['docs/privacy.md', 'low', undefined],
  ['.github/ISSUE_TEMPLATE/bug.yml', 'low', undefined],
  ['.github/workflowsx/a.yml', 'low', undefined],
  ['sub/.github/workflows/not-run.yml', 'low', undefined],
];

describe('policy: built-in path rules', () => {
  for (const [path, tier, decidedBy] of CASES) {
    it(`${path} -> ${tier}${decidedBy ? ` (${decidedBy})` : ''}`, () => {
      const c = compiled.classify(path);
      assert.equal(c.tier, tier, `rules: ${c.rules.map((r) => `${r.id}:${r.tier}`).join(', ')}`);
      assert.equal(c.decidedBy, decidedBy);
      if (decidedBy) assert.ok(c.rules.some((r) => r.id === decidedBy && r.source === 'built-in'));
      else assert.deepEqual(c.rules, []);
    });
  }

  it('lists every matching rule, not only the deciding one', () => {
    const c = compiled.classify('k8s/secret.yaml');
    assert.deepEqual(
      c.rules.map((r) => r.id),
      ['k8s.manifests', 'secrets.named'],
    );
  });

  it('every built-in rule is exercised by at least one case above', () => {
    const covered = new Set(CASES.map(([, , id]) => id));
    const missing = DEFAULT_PATH_RULES.map((r) => r.id).filter((id) => !covered.has(id));
    assert.deepEqual(missing, []);
  });

  it('ids are unique across path and content rules and follow category.name', () => {
    const ids = [...DEFAULT_PATH_RULES, ...DEFAULT_CONTENT_RULES].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+\.[a-z0-9-]+$/, id);
  });

  it('every built-in glob is valid and every rule has a reason ending with a full stop', () => {
    for (const rule of DEFAULT_PATH_RULES) {
      for (const glob of [...rule.match, ...rule.exclude]) {
        const r = normalizeGlob(glob);
        assert.equal(r.error, undefined, `${rule.id}: ${glob}: ${r.error}`);
      }
      assert.match(rule.reason, /\.$/, rule.id);
    }
  });
});

describe('policy: built-in content rules', () => {
  for (const rule of DEFAULT_CONTENT_RULES) {
    it(`${rule.id} flags its documented example`, () => {
      assert.ok(rule.example, `${rule.id} needs an example`);
      const findings = scanContent(rule.example, compiled);
      assert.ok(
        findings.some((f) => f.ruleId === rule.id),
        `${rule.id} did not flag ${JSON.stringify(rule.example)}; got ${findings.map((f) => f.ruleId).join(', ')}`,
      );
    });
  }

  it('no built-in pattern matches empty text', () => {
    for (const rule of DEFAULT_CONTENT_RULES) assert.equal(new RegExp(rule.pattern, rule.flags).test(''), false, rule.id);
  });
});
