#!/usr/bin/env bash
# The README's "Walkthrough with curl", as a script that checks every answer (test/e2e/walkthrough.test.ts runs
# it against a freshly started server, so the walkthrough cannot silently go stale).
#
# Run it against a fresh, throwaway database:
#
#   npm start -- --in-memory          # in one terminal; wait for "Anquan API ready"
#   bash examples/walkthrough.sh      # in another, from anywhere in the repository
#
#   API=http://localhost:4000 bash examples/walkthrough.sh          # a server on another port
#   DATA_DIR=/tmp/anquan bash examples/walkthrough.sh               # a server started with DATA_DIR=/tmp/anquan
#   OUT=/tmp/walk bash examples/walkthrough.sh                      # keep the downloads (QR codes, .xlsx files)
#
# Tokens come from `npm run token`, which signs with the key in DATA_DIR (default .data): give the script the
# DATA_DIR the server was started with. Each step prints one line; on the first answer that is not as expected
# the script names the step, what it expected and the answer's body, and exits 1. Needs bash, curl and node
# (no jq); it talks to the API on loopback only.
set -euo pipefail

API=${API:-http://localhost:3000}
cd "$(dirname "$0")/.." # npm run token, npm run job and examples/register-sample.csv live at the repository root
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
OUT=${OUT:-$WORK}
mkdir -p "$OUT"
JSON='Content-Type: application/json' # -H "$JSON": the request's body is JSON

# ---- helpers ------------------------------------------------------------------------------------------------

STEP="start"
STEPS=0
CHECKS=0
STATUS=""
TYPE=""

# step "what": starts a step (its number and name appear in the output and in any failure)
step() {
  STEP=$1
  STEPS=$((STEPS + 1))
  printf '%3d. %s\n' "$STEPS" "$STEP"
}

# fail "why": names the step, says what was expected, shows the last answer's body, exits 1
fail() {
  : >"$WORK/failed"
  {
    printf '\nFAILED at step %d (%s): %s\n' "$STEPS" "$STEP" "$1"
    if [ -s "$WORK/body" ]; then
      printf 'HTTP %s, body:\n' "$STATUS"
      head -c 4000 "$WORK/body"
      printf '\n'
    fi
  } >&2
  exit 1
}
# a command that failed without saying why (fail in a $(…) has said it already)
on_error() {
  [ -e "$WORK/failed" ] && exit 1
  fail "a command failed (line $1)"
}
trap 'on_error $LINENO' ERR

# call METHOD PATH CREDENTIAL [curl options…]: one request to $API. CREDENTIAL is a bearer token, an API key
# (aq_…) or - for none. Leaves the status in STATUS, the content type in TYPE, the body in $WORK/body and the
# headers in $WORK/headers.
call() {
  local method=$1 path=$2 credential=$3 auth=() written
  shift 3
  case $credential in
    -) ;;
    aq_*) auth=(-H "X-Api-Key: $credential") ;;
    *) auth=(-H "Authorization: Bearer $credential") ;;
  esac
  : >"$WORK/body"
  written=$(curl -s -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code} %{content_type}' \
    ${auth[@]+"${auth[@]}"} "$@" "$API$path") || fail "no answer from $API$path (is the server running?)"
  STATUS=${written%% *}
  TYPE=${written#* }
}

# expect_status CODE…: the last answer's status is one of these
expect_status() {
  local code
  for code in "$@"; do
    if [ "$STATUS" = "$code" ]; then
      CHECKS=$((CHECKS + 1))
      return 0
    fi
  done
  fail "expected HTTP $*, got $STATUS"
}

# expect_type PREFIX: the last answer's Content-Type starts with PREFIX
expect_type() {
  case $TYPE in
    "$1"*) CHECKS=$((CHECKS + 1)) ;;
    *) fail "expected Content-Type $1, got $TYPE" ;;
  esac
}

# expect_header NAME [VALUE]: the last answer carries the header NAME (any case), with VALUE if given
expect_header() {
  local got
  got=$(tr -d '\r' <"$WORK/headers" | awk -v name="$1" 'BEGIN { FS = ": " } tolower($1) == tolower(name) { print substr($0, length($1) + 3) }')
  if [ $# -eq 1 ]; then
    [ -n "$got" ] || fail "expected a header $1"
  else
    [ "$got" = "$2" ] || fail "expected header $1: $2, got '${got}'"
  fi
  CHECKS=$((CHECKS + 1))
}

# expect_body TEXT: the last answer's body (a page, a file) contains TEXT
expect_body() {
  grep -qF -- "$1" "$WORK/body" || fail "expected the body to contain $1"
  CHECKS=$((CHECKS + 1))
}

# not_in_body TEXT: succeeds when the last answer's body does not contain TEXT (for assert)
not_in_body() {
  ! grep -qF -- "$1" "$WORK/body"
}

# assert "what" COMMAND…: COMMAND succeeds (a check of a file or a command's output), else fail with "what"
assert() {
  local what=$1
  shift
  "$@" || fail "expected $what"
  CHECKS=$((CHECKS + 1))
}

# The JSON reader behind field and expect: a dotted path (error.details.fields.0.code, items.length,
# suggestions.5.1.reason) into the last answer's body; objects and arrays print as JSON.
JSON_READER='
const fs = require("node:fs");
const [file, ...args] = process.argv.slice(1);
let body;
try { body = JSON.parse(fs.readFileSync(file, "utf8")); } catch { console.error("the answer is not JSON"); process.exit(2); }
// keys may hold dots themselves (criterion 5.1): at each level the shortest key that exists is taken
const walk = (v, parts) => {
  if (parts.length === 0) return v;
  for (let n = 1; n <= parts.length; n++) {
    const key = parts.slice(0, n).join(".");
    if (v !== null && typeof v === "object" && key in v) return walk(v[key], parts.slice(n));
  }
  return undefined;
};
const at = (path) => walk(body, path.split("."));
const show = (v) => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v));
if (args[0] === "--field") {
  const v = at(args[1]);
  if (v === undefined) { console.error(`the answer has no field ${args[1]}`); process.exit(2); }
  console.log(show(v));
} else {
  let failed = false;
  for (const check of args) {
    const [, path, op, want] = /^([^=~!]+)(=|!=|~)(.*)$/s.exec(check) ?? [];
    if (!path) { console.error(`not a check: ${check}`); process.exit(2); }
    const got = at(path) === undefined ? "(absent)" : show(at(path));
    const ok = op === "=" ? got === want : op === "!=" ? got !== want : got.includes(want);
    if (!ok) {
      console.error(`expected ${path} ${{ "=": "to be", "!=": "not to be", "~": "to contain" }[op]} ${want}, got ${got}`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}'

# field PATH: prints one field of the last answer (for ids and tokens the next steps use)
field() {
  local value
  value=$(node -e "$JSON_READER" "$WORK/body" --field "$1" 2>"$WORK/why") || fail "$(cat "$WORK/why")"
  printf '%s\n' "$value"
}

# expect PATH=VALUE | PATH!=VALUE | PATH~TEXT …: fields of the last answer are (not) VALUE, or contain TEXT;
# objects and arrays compare as JSON, an absent field as (absent)
expect() {
  node -e "$JSON_READER" "$WORK/body" "$@" 2>"$WORK/why" || fail "$(cat "$WORK/why")"
  CHECKS=$((CHECKS + $#))
}

# finish_import: after an import answered 201 (done) or 202 (still running), polls GET /v1/imports/{id} until it
# is done, at most 60 s
finish_import() {
  local id status waited=0
  id=$(field id)
  status=$(field status)
  while [ "$status" != completed ] && [ "$status" != rejected ] && [ "$status" != failed ]; do
    [ "$waited" -lt 60 ] || fail "import $id still $status after 60 s"
    sleep 1
    waited=$((waited + 1))
    call GET "/v1/imports/$id" "$ADMIN"
    expect_status 200
    status=$(field status)
  done
}

# token ARGS…: a token from the token CLI, signed with the key in DATA_DIR
token() {
  npm run -s token -- "$@" || fail "npm run token -- $* failed"
}

# China's date (UTC+8, no daylight saving): the walkthrough's dates are today's, so it never ages
TODAY=$(node -e 'console.log(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10))')
MONTH=${TODAY%-*}
YEAR=${TODAY%%-*}

# ---- the walkthrough ----------------------------------------------------------------------------------------

echo "Anquan walkthrough against $API (DATA_DIR=${DATA_DIR:-.data})"

step "the server answers: GET /health needs no credential"
call GET /health -
expect_status 200
expect status=ok

ADMIN=$(token --tenant 320312 --role tenant-admin)
OPS=$(token --role platform-admin)

step "who am I? (tenant, role, permissions)"
call GET /v1/me "$ADMIN"
[ "$STATUS" != 401 ] || fail "401: the token CLI signed with another key than the server's; run this script with the DATA_DIR the server was started with"
expect_status 200
expect kind=user role=tenant-admin tenant.id=320312 tenant.name=铜山区 canManageApiKeys=true permissions~enterprises:write

step "a fresh database: tenant 350500 does not exist yet"
call GET /v1/tenants/350500 "$OPS"
[ "$STATUS" != 200 ] || fail "this walkthrough needs a fresh database (it creates tenants 350500 and 350581): restart the server with npm start -- --in-memory"
expect_status 404

# Platform operators manage tenants: create Quanzhou (泉州市) and Shishi (石狮市) under it
step "a platform operator creates the city 350500 泉州市"
call POST /v1/tenants "$OPS" -H "$JSON" -d '{"id":"350500","name":"泉州市","level":"city"}'
expect_status 201
expect id=350500 name=泉州市 level=city status=active version=1

step "… and the district 350581 石狮市 under it (Idempotency-Key: a retry is answered, not repeated)"
SHISHI='{"id":"350581","name":"石狮市","level":"district","parentId":"350500","reportRecipients":["ajj@example.gov.cn"]}'
call POST /v1/tenants "$OPS" -H "$JSON" -H 'Idempotency-Key: shishi-1' -d "$SHISHI"
expect_status 201
expect id=350581 parentId=350500 'reportRecipients=["ajj@example.gov.cn"]'
call POST /v1/tenants "$OPS" -H "$JSON" -H 'Idempotency-Key: shishi-1' -d "$SHISHI"
expect_status 201
expect_header Idempotent-Replayed true

step "tenants are listed a page at a time: { items, nextCursor }"
call GET "/v1/tenants?limit=2" "$OPS"
expect_status 200
expect items.length=2 items.0.id=320300 items.1.id=320312 nextCursor!=null

# Change with optimistic concurrency: send the ETag back as If-Match (412 if someone changed it first)
step "read a tenant: its ETag is its version"
call GET /v1/tenants/350581 "$OPS"
expect_status 200
expect_header ETag '"1"'

step "suspend it with If-Match: \"1\"; its users now get 403 tenant_suspended"
call PATCH /v1/tenants/350581 "$OPS" -H 'If-Match: "1"' -H "$JSON" -d '{"status":"suspended"}'
expect_status 200
expect status=suspended version=2
SHISHI_INSPECTOR=$(token --tenant 350581 --role inspector)
call GET /v1/me "$SHISHI_INSPECTOR"
expect_status 403
expect error.code=tenant_suspended

step "the same If-Match again is 412 version_mismatch: someone changed it first"
call PATCH /v1/tenants/350581 "$OPS" -H 'If-Match: "1"' -H "$JSON" -d '{"status":"active"}'
expect_status 412
expect error.code=version_mismatch error.details.currentVersion=2

# A tenant-admin issues an API key for a portal (the token is shown once)
step "a tenant-admin issues an API key for a portal (省风险报告系统)"
call POST /v1/api-keys "$ADMIN" -H "$JSON" \
  -d '{"name":"省风险报告系统","scopes":["enterprises:read","audit:read"],"rateLimitPerMinute":600}'
expect_status 201
expect name=省风险报告系统 status=active rateLimitPerMinute=600 token~aq_320312_
KEY=$(field token)
KEY_ID=$(field id)

step "the portal calls with X-Api-Key; every answer says how much of its rate limit is left"
call GET /v1/me "$KEY"
expect_status 200
expect kind=api-key subject="$KEY_ID" tenant.id=320312 'permissions=["enterprises:read","audit:read"]'
expect_header RateLimit-Limit 600
expect_header RateLimit-Remaining
expect_header RateLimit-Reset

step "the audit trail: who changed what, newest first"
call GET "/v1/audit?limit=5" "$KEY"
expect_status 200
expect items.0.action=api-key.create items.0.entity.id="$KEY_ID" items.0.actor.role=tenant-admin

step "the tenant's keys: lastUsedAt, never the secret"
call GET /v1/api-keys "$ADMIN"
expect_status 200
expect items.length=1 items.0.id="$KEY_ID" items.0.lastUsedAt~T items.0.token='(absent)'

step "revoke the key: it stops working at once"
call DELETE "/v1/api-keys/$KEY_ID" "$ADMIN"
expect_status 200
expect status=revoked
call GET /v1/me "$KEY"
expect_status 401
expect error.code=invalid_api_key

# Errors have one shape, in Chinese by default or English on request
step "errors have one shape: code, message, details, requestId (English on request)"
BAD_TENANT='{"id":"12345","level":"town","extra":1}'
call POST /v1/tenants "$OPS" -H "$JSON" -H 'Accept-Language: en' -d "$BAD_TENANT"
expect_status 400
expect error.code=validation_failed 'error.message=The request did not pass validation' error.requestId~0 \
  error.details.fields.0.path=id error.details.fields.0.code=invalid_division_code \
  'error.details.fields.0.message~Must be a 6-digit' error.details.fields.3.code=unknown_field
call POST /v1/tenants "$OPS" -H "$JSON" -d "$BAD_TENANT"
expect_status 400
expect error.code=validation_failed error.message=请求参数校验失败

# ---- the register, placards, imports and the weekly refresh -------------------------------------------------

# Towns (镇/街道/园区) and grids (网格) come first: units reference them by id (tenant-admin)
step "towns and grids come first: 柳泉镇 with its grid 柳泉一网格, and 大吴街道"
call POST /v1/towns "$ADMIN" -H "$JSON" -d '{"name":"柳泉镇","kind":"town"}'
expect_status 201
expect name=柳泉镇 kind=town
TOWN=$(field id)
call POST /v1/grids "$ADMIN" -H "$JSON" -d "{\"townId\":\"$TOWN\",\"name\":\"柳泉一网格\",\"level\":1}"
expect_status 201
expect townId="$TOWN" name=柳泉一网格 level=1
GRID=$(field id)
call POST /v1/towns "$ADMIN" -H "$JSON" -d '{"name":"大吴街道","kind":"street"}'
expect_status 201
expect kind=street

# Register a unit: the credit code's check character (GB 32100), phones and the GB/T 4754 code are verified
step "register a unit (the credit code's check character, the phone and the GB/T 4754 industry code are verified)"
UNIT_BODY="{
  \"name\":\"徐州某某机械有限公司\",\"creditCode\":\"91350100M000100Y43\",\"address\":\"柳泉镇工业园8号\",
  \"townId\":\"$TOWN\",\"gridId\":\"$GRID\",\"industryCode\":\"3311\",\"sizeClass\":\"small-micro\",
  \"productionStatus\":\"producing\",\"keyRisks\":[\"有限空间\"],\"riskLevel\":\"yellow\",
  \"persons\":{\"firstResponsible\":{\"name\":\"张伟\",\"phone\":\"139 1234 5678\",\"title\":\"总经理\"}}}"
call POST /v1/enterprises "$ADMIN" -H "$JSON" -d "$UNIT_BODY"
expect_status 201
expect creditCode=91350100M000100Y43 industry.name=金属结构制造 industry.divisionCode=33 \
  persons.firstResponsible.phone=13912345678 riskLevel=yellow version=1
UNIT=$(field id)

step "the same credit code again is 409 credit_code_taken, naming the registered unit"
call POST /v1/enterprises "$ADMIN" -H "$JSON" -d "$UNIT_BODY"
expect_status 409
expect error.code=credit_code_taken error.details.existingId="$UNIT" error.details.existingName=徐州某某机械有限公司

step "an unknown town is 422 (rule_violation: unknown_town)"
call POST /v1/enterprises "$ADMIN" -H "$JSON" -d "${UNIT_BODY//$TOWN/01aaaaaaaaaaaaaaaaaaaaaaaa}"
expect_status 422
expect error.code=rule_violation error.details.fields.0.path=townId error.details.fields.0.code=unknown_town

step "list units: filters AND (town, risk level); a name prefix and an industry division"
call GET "/v1/enterprises?townId=$TOWN&riskLevel=yellow&limit=20" "$ADMIN"
expect_status 200
expect items.length=1 items.0.id="$UNIT"
# Non-ASCII query values go percent-encoded (curl -G --data-urlencode); a raw 徐州 in the URL is a 400 from Node
call GET /v1/enterprises "$ADMIN" -G --data-urlencode namePrefix=徐州 --data-urlencode industry=33
expect_status 200
expect items.length=1 items.0.name=徐州某某机械有限公司

step "change the unit with If-Match (riskLevel yellow → orange)"
call PATCH "/v1/enterprises/$UNIT" "$ADMIN" -H 'If-Match: "1"' -H "$JSON" -d '{"riskLevel":"orange"}'
expect_status 200
expect riskLevel=orange version=2

step "核实 (confirm): unchanged, but reviewed now"
call POST "/v1/enterprises/$UNIT/confirm" "$ADMIN"
expect_status 200
expect riskLevel=orange version=3 reviewedAt~T

step "the unit's history: every change, newest first"
call GET "/v1/enterprises/$UNIT/history" "$ADMIN"
expect_status 200
expect items.length=3 items.0.action=confirm items.1.action=update items.1.changes.riskLevel.to=orange items.2.action=create

step "its lessees (厂中厂): counts by risk level (none yet)"
call GET "/v1/enterprises/$UNIT/lessees" "$ADMIN"
expect_status 200
expect host.id="$UNIT" counts.total=0

# A placard: its public page needs no credential; its QR codes point there
step "a placard (安全责任公示牌) for the unit"
call POST /v1/placards "$ADMIN" -H "$JSON" -d "{
  \"enterpriseId\":\"$UNIT\",\"location\":\"大门东侧\",\"persons\":{\"first\":{\"name\":\"张伟\",\"phone\":\"13912345678\"},
  \"inCharge\":{\"name\":\"李娜\",\"phone\":\"0516-85012345\"},\"specific\":[{\"name\":\"王强\",\"phone\":\"13800001111\"}]}}"
expect_status 201
expect enterpriseId="$UNIT" title=徐州某某机械有限公司安全责任公示牌 status=active publicUrl~/p/320312/
PLACARD=$(field id)
PUBLIC_URL=$(field publicUrl)
PUBLIC_PATH="/${PUBLIC_URL#*://*/}" # the page's path: the same server, whatever host name the URL carries

step "its public page needs no credential (open it on a phone)"
call GET "$PUBLIC_PATH" -
expect_status 200
expect_type text/html
expect_body 徐州某某机械有限公司安全责任公示牌
expect_body 'tel:13912345678'

step "its QR codes: SVG, and PNG of 128–2048 px"
call GET "/v1/placards/$PLACARD/qr.svg" "$ADMIN"
expect_status 200
expect_type image/svg+xml
cp "$WORK/body" "$OUT/placard.svg"
call GET "/v1/placards/$PLACARD/qr.png?size=1024" "$ADMIN"
expect_status 200
expect_type image/png
cp "$WORK/body" "$OUT/placard.png"
call GET "/v1/placards/$PLACARD/qr.png?size=4096" "$ADMIN"
expect_status 400
expect error.details.fields.0.path=query.size

step "record a check of the placard; list the placards due (not checked for six months)"
call POST "/v1/placards/$PLACARD/checks" "$ADMIN" -H "$JSON" -d '{"condition":"good"}'
expect_status 201
expect check.condition=good placard.lastCondition=good placard.lastCheckedOn="$TODAY"
call GET "/v1/placards?due=true" "$ADMIN"
expect_status 200
expect items.length=0

step "settings: mask phones on public pages, show a hotline"
call PATCH /v1/settings "$ADMIN" -H "$JSON" -d '{"maskPublicPhones":true,"hotline":"12350"}'
expect_status 200
expect maskPublicPhones=true hotline=12350
call GET "$PUBLIC_PATH" -
expect_status 200
expect_body '139****5678'
assert "no unmasked 13912345678 on the page" not_in_body 13912345678
expect_body 12350

# Import an Excel/CSV register (examples/register-sample.csv: a title row, Chinese headers, a 厂中厂 lessee).
# A file with any bad row imports nothing unless mode=valid-only; rejected rows say row, column and why.
step "import examples/register-sample.csv (a title row, Chinese headers, a 厂中厂 lessee)"
call POST "/v1/imports/file?fileName=register-sample.csv&mode=all-or-nothing" "$ADMIN" \
  -H 'Content-Type: text/csv' --data-binary @examples/register-sample.csv
expect_status 201 202 # 201: finished within a few seconds; 202: still running, poll GET /v1/imports/{id}
IMPORT=$(field id)
finish_import
expect status=completed counts.rowsRead=4 counts.created=4 counts.rejected=0 headers.matched.creditCode=B

step "the tenant's imports, newest first: status, counts, checkpoint"
call GET "/v1/imports?limit=1" "$ADMIN"
expect_status 200
expect items.0.id="$IMPORT" items.0.status=completed items.0.checkpointRow=6

step "its rejected rows (row, field, column, reason): none"
call GET "/v1/imports/$IMPORT/rejections" "$ADMIN"
expect_status 200
expect items.length=0

step "its accepted rows: row → unit id, created/updated/unchanged"
call GET "/v1/imports/$IMPORT/accepted" "$ADMIN"
expect_status 200
expect items.length=4 items.0.row=3 items.0.creditCode=91320312MA1XY2K3BP items.0.outcome=created items.3.creditCode=91320312MA1XY2K6E4
HOST=$(field items.0.enterpriseId)

step "the imported 厂中厂: the host unit counts one lessee"
call GET "/v1/enterprises/$HOST/lessees" "$ADMIN"
expect_status 200
expect counts.total=1 items.0.creditCode=91320312MA1XY2K6E4

# Large files: POST /v1/imports {"fileName","mode"} → send the file as `upload` says (PUT to the API, or in AWS a
# form POST straight to S3) → after a form POST, POST …/start. Of two files sent to one import, one is imported (409)
step "a large file goes in two requests: open the import, then send the file as \`upload\` says"
call POST /v1/imports "$ADMIN" -H "$JSON" -d '{"fileName":"register-sample.csv","mode":"all-or-nothing"}'
expect_status 201
expect import.status=awaiting-upload upload.method=PUT upload.url~"/v1/imports/" upload.startsItself=true
UPLOAD_URL=$(field upload.url)
UPLOAD_PATH="/${UPLOAD_URL#*://*/}"
call PUT "$UPLOAD_PATH" "$ADMIN" -H 'Content-Type: text/csv' --data-binary @examples/register-sample.csv
expect_status 202
finish_import
expect status=completed counts.rowsRead=4 counts.unchanged=4 counts.created=0 # the same rows again: nothing to change
call PUT "$UPLOAD_PATH" "$ADMIN" -H 'Content-Type: text/csv' --data-binary @examples/register-sample.csv
expect_status 409
expect error.code=import_already_started

# Export (every list filter applies): .xlsx, or CSV with a BOM for Excel/WPS; re-imports unchanged
step "export 柳泉镇's units as .xlsx (every list filter applies)"
call GET "/v1/enterprises/export?format=xlsx&townId=$TOWN" "$ADMIN"
expect_status 200
expect_type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
assert "a zip file (.xlsx)" [ "$(head -c 2 "$WORK/body")" = PK ]
cp "$WORK/body" "$OUT/register.xlsx"

step "… and the export re-imports unchanged"
call POST "/v1/imports/file?fileName=register.xlsx" "$ADMIN" -H 'Content-Type: application/octet-stream' \
  --data-binary @"$OUT/register.xlsx"
expect_status 201 202
finish_import
expect status=completed counts.rowsRead=4 counts.unchanged=4

step "… or as CSV with a BOM, for Excel/WPS"
call GET "/v1/enterprises/export?format=csv&townId=$TOWN" "$ADMIN"
expect_status 200
expect_type text/csv
assert "a UTF-8 BOM first" [ "$(head -c 3 "$WORK/body" | od -An -tx1 | tr -d ' \n')" = efbbbf ]
expect_body 企业名称,统一社会信用代码,
assert "a header row and 柳泉镇's 4 units" [ "$(wc -l <"$WORK/body" | tr -d ' ')" = 5 ]

# The weekly refresh (AWS: Mondays 02:00 Asia/Shanghai) for finished weeks, then the two-year trend. The job runs
# on the running server's database (it finds it through DATA_DIR), for the last finished ISO week by default.
step "the weekly refresh (底数每周动态更新) for the last finished ISO week: npm run job -- weekly-refresh"
JOB=$(npm run -s job -- weekly-refresh --tenant 320312) || fail "npm run job -- weekly-refresh failed: $JOB"
echo "     $JOB"
WEEK=$(printf '%s\n' "$JOB" | sed -n 's/^320312 \([0-9]\{4\}-W[0-9]\{2\}\): .*/\1/p')
assert "the job to name the week it refreshed: $JOB" [ -n "$WEEK" ]

step "the trend (two years by default) has the week the job refreshed"
call GET /v1/stats/weekly "$ADMIN"
expect_status 200
expect to="$WEEK" items.length=1 items.0.week="$WEEK" items.0.basis=recount
# the units above were registered this week, after the refreshed week ended: that week counted none of them
expect items.0.total=0
call GET "/v1/stats/weekly/$WEEK" "$ADMIN"
expect_status 200
expect week="$WEEK"

step "that week's worklist for 柳泉镇: stale units and placards due"
call GET "/v1/worklists/$WEEK?townId=$TOWN" "$ADMIN"
expect_status 200
expect items.length=0

# ---- rubrics and assessments --------------------------------------------------------------------------------

INSPECTOR=$(token --tenant 320312 --role inspector --sub inspector-li)
VERIFIER=$(token --tenant 320312 --role inspector --sub inspector-wang)

# The built-in library: 附件3 (enterprises, 10 sections, 20 items) and 附件4 (towns, 6 sections, 23 items), 100 points
# each, with notes on how the source tables were read (e.g. items 16 and 17 of 附件3 carry 4 points, not the header's 2)
step "the built-in rubric library: 附件3 (enterprises) and 附件4 (towns), 100 points each"
call GET /v1/rubric-library "$INSPECTOR"
expect_status 200
expect items.length=2 items.0.rubricId=shishi-enterprise-2024 items.0.definition.target=enterprise \
  items.0.definition.totalPoints=100 items.0.definition.sections.length=10 \
  items.1.rubricId=shishi-town-2024 items.1.definition.target=town items.1.definition.sections.length=6

step "one rubric, with notes on how its source table was read (items 16 and 17 carry 4 points)"
call GET /v1/rubric-library/shishi-enterprise-2024 "$INSPECTOR"
expect_status 200
expect version=1 status=published library=true definition.notes.0.zh~第16项 \
  definition.sections.8.items.0.id=16 definition.sections.8.items.0.points=4

# Open an assessment of the unit against the pinned library rubric (stage: self-check | assistance | verification | review | summary, in that order)
step "open an assessment of the unit (stage assistance, 督导帮扶) against the pinned library rubric"
call POST /v1/assessments "$INSPECTOR" -H "$JSON" -d "{
  \"target\":{\"type\":\"enterprise\",\"id\":\"$UNIT\"},\"rubric\":{\"id\":\"shishi-enterprise-2024\",\"version\":1},
  \"stage\":\"assistance\",\"assessor\":{\"name\":\"陈秋茹\",\"organization\":\"市安办督导帮扶组\"},\"assessedOn\":\"$TODAY\"}"
expect_status 201
expect status=draft stage=assistance target.name=徐州某某机械有限公司 result.total=100 result.criteria=44
ASSESSMENT=$(field id)

# Record the rule's input per criterion; the server computes every score (a deduction needs its 扣分原因)
step "record three answers: the server computes the score, 100 − 2.5 − 2 (capped) − 2.5 = 93"
call PATCH "/v1/assessments/$ASSESSMENT" "$INSPECTOR" -H "$JSON" -d '{"answers":{
  "15.3":{"input":{"met":false},"reason":"设备铭牌缺失"},
  "19.1":{"input":{"missingYears":3},"reason":"2022–2024年无自评报告"},
  "14.1":{"input":{"points":"7.5"},"reason":"仓库物料堆放混乱"}}}'
expect_status 200
expect result.total=93 result.deducted=7 result.answered=3 result.failed=3 result.complete=false

step "a deduction without its 扣分原因 is 422 reason_required"
call PATCH "/v1/assessments/$ASSESSMENT" "$INSPECTOR" -H "$JSON" -d '{"answers":{"15.1":{"input":{"met":false}}}}'
expect_status 422
expect error.details.fields.0.path=answers.15.1.reason error.details.fields.0.code=reason_required

# Evidence: POST …/evidence {"criterionId","fileName","contentType"} → send the file as `upload` says (PUT to the API;
# in AWS a form POST to S3, then POST …/evidence/{id}/attach). The record keeps the stored file's sha256.
# Evidence goes with a draft or returned assessment: once it is verified, adding any is 409 illegal_transition.
step "evidence for 15.3 (a photo): register it, then send the bytes as \`upload\` says"
call POST "/v1/assessments/$ASSESSMENT/evidence" "$INSPECTOR" -H "$JSON" \
  -d '{"criterionId":"15.3","fileName":"nameplate.png","contentType":"image/png"}'
expect_status 201
expect evidence.criterionId=15.3 evidence.sha256=null upload.method=PUT
EVIDENCE=$(field evidence.id)
EVIDENCE_URL=$(field upload.url)
PHOTO="$OUT/placard.png" # any PNG will do: the placard's QR code stands in for the photo
call PUT "/${EVIDENCE_URL#*://*/}" "$INSPECTOR" -H 'Content-Type: image/png' --data-binary @"$PHOTO"
expect_status 200
expect id="$EVIDENCE" sha256="$(node -e 'const fs = require("node:fs"), { createHash } = require("node:crypto");
  console.log(createHash("sha256").update(fs.readFileSync(process.argv[1])).digest("hex"))' "$PHOTO")"
call GET "/v1/assessments/$ASSESSMENT/evidence/$EVIDENCE/file" "$INSPECTOR"
expect_status 200
assert "the file downloaded to be the one uploaded" cmp -s "$WORK/body" "$PHOTO"
call PATCH "/v1/assessments/$ASSESSMENT" "$INSPECTOR" -H "$JSON" \
  -d "{\"answers\":{\"15.3\":{\"input\":{\"met\":false},\"reason\":\"设备铭牌缺失\",\"evidence\":[\"$EVIDENCE\"]}}}"
expect_status 200
expect answers.15.3.evidence.0="$EVIDENCE" result.total=93

step "submit too early: 422 lists every unanswered criterion"
call POST "/v1/assessments/$ASSESSMENT/submit" "$INSPECTOR"
expect_status 422
expect error.code=rule_violation error.details.fields.length=41 error.details.fields.0.code=unanswered

step "answer the other 41 criteria in full, then submit"
OTHERS='"6.2":{"input":{"missingYears":0}}' # the one other "per missing year" rule; the rest are yes/no
for id in 1.1 2.1 3.1 3.2 4.1 5.1 6.1 7.1 7.2 8.1 8.2 9.1 9.2 9.3 10.1 10.2 11.1 11.2 12.1 12.2 12.3 13.1 13.2 \
  13.3 14.2 15.1 15.2 15.4 15.5 15.6 16.1 16.2 17.1 17.2 18.1 19.2 19.3 19.4 20.1 20.2; do
  OTHERS="$OTHERS,\"$id\":{\"input\":{\"met\":true}}"
done
call PATCH "/v1/assessments/$ASSESSMENT" "$INSPECTOR" -H "$JSON" -d "{\"answers\":{$OTHERS}}"
expect_status 200
expect result.answered=44 result.complete=true result.total=93
call POST "/v1/assessments/$ASSESSMENT/submit" "$INSPECTOR"
expect_status 200
expect status=submitted submittedBy=inspector-li

step "the submitter cannot verify it: 403 reviewer_is_submitter"
call POST "/v1/assessments/$ASSESSMENT/verify" "$INSPECTOR"
expect_status 403
expect error.code=reviewer_is_submitter

step "another inspector returns it (back to 帮扶) with a reason"
call POST "/v1/assessments/$ASSESSMENT/return" "$VERIFIER" -H "$JSON" -d '{"reason":"现场核实与自评不一致"}'
expect_status 200
expect status=returned stage=assistance transitions.1.to=returned transitions.1.note=现场核实与自评不一致

step "submitted again, the other inspector verifies it"
call POST "/v1/assessments/$ASSESSMENT/submit" "$INSPECTOR"
expect_status 200
call POST "/v1/assessments/$ASSESSMENT/verify" "$VERIFIER"
expect_status 200
expect status=verified result.total=93

step "find assessments: 柳泉镇, verified, at least 80 points"
call GET "/v1/assessments?townId=$TOWN&status=verified&minTotal=80" "$INSPECTOR"
expect_status 200
expect items.length=1 items.0.id="$ASSESSMENT" items.0.total=93 items.0.deductions.length=3

step "the unit's scores: the latest verified one, and the history"
call GET "/v1/enterprises/$UNIT/scores" "$INSPECTOR"
expect_status 200
expect latest.id="$ASSESSMENT" latest.total=93 items.length=1

step "the town's summary for the rubric: average, distribution, the most deducted criteria"
call GET "/v1/towns/$TOWN/assessment-summary?rubricId=shishi-enterprise-2024" "$INSPECTOR"
expect_status 200
expect verified=1 average=93 mostDeducted.length=3 mostDeducted.0.criterionId=14.1

# A town assessment (附件4) comes with suggestions from the records (coverage, 采集率 from the register; 达标率 from verified assessments), units named
step "a town assessment (附件4) comes with suggestions from the register, units named"
call POST /v1/assessments "$INSPECTOR" -H "$JSON" -d "{
  \"target\":{\"type\":\"town\",\"id\":\"$TOWN\"},\"rubric\":{\"id\":\"shishi-town-2024\",\"version\":1},
  \"assessor\":{\"name\":\"吴龙飞\"},\"assessedOn\":\"$TODAY\"}"
expect_status 201
# the four units of 柳泉镇 (the one registered above and three imported) have not started standardization
expect target.type=town suggestions.5.1.source=standardization-coverage suggestions.5.1.units.length=4 \
  suggestions.5.1.reason~未开展标准化创建：徐州某某包装制品厂（厂中厂）、徐州某某机械有限公司 'suggestions.5.1.reason~（共 4 家）'
TOWN_ASSESSMENT=$(field id)

step "confirm a suggestion: {\"useSuggestion\":true}"
call PATCH "/v1/assessments/$TOWN_ASSESSMENT" "$INSPECTOR" -H "$JSON" -d '{"answers":{"5.1":{"useSuggestion":true}}}'
expect_status 200
expect answers.5.1.suggested=true 'answers.5.1.input={"occurrences":4}' result.answered=1

# A tenant's own rubric: copy (or POST /v1/rubrics a table), edit the draft, publish; published versions never change
step "a tenant's own rubric: copy 附件4 as a draft"
call POST /v1/rubric-library/shishi-town-2024/copy "$ADMIN"
expect_status 201
expect copiedFrom.id=shishi-town-2024 latest.status=draft latestVersion=1 publishedVersion=null version=1
RUBRIC=$(field id)

step "edit the draft (PUT the whole table, If-Match), publish it"
node -e 'const { latest } = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  latest.definition.title.zh = `铜山区${latest.definition.title.zh}`;
  console.log(JSON.stringify({ definition: latest.definition }))' "$WORK/body" >"$WORK/draft.json"
call PUT "/v1/rubrics/$RUBRIC/draft" "$ADMIN" -H 'If-Match: "1"' -H "$JSON" --data-binary @"$WORK/draft.json"
expect_status 200
expect latest.status=draft latest.definition.title.zh~铜山区镇 version=2
call POST "/v1/rubrics/$RUBRIC/publish" "$ADMIN" -H 'If-Match: "2"'
expect_status 200
expect latest.status=published publishedVersion=1

step "published versions never change: the next save opens version 2"
call PUT "/v1/rubrics/$RUBRIC/draft" "$ADMIN" -H "$JSON" --data-binary @"$WORK/draft.json"
expect_status 200
expect latestVersion=2 latest.status=draft publishedVersion=1
call GET "/v1/rubrics/$RUBRIC/versions/1" "$INSPECTOR"
expect_status 200
expect status=published version=1

# ---- hazards and rectification ------------------------------------------------------------------------------

# Record a hazard at a unit (town, grid, industry and 厂中厂 host come from the register)
step "record a major hazard (重大事故隐患) at the unit: town, grid and industry come from the register"
call POST /v1/hazards "$INSPECTOR" -H "$JSON" -d "{
  \"enterpriseId\":\"$UNIT\",\"category\":\"有限空间\",\"description\":\"污水池有限空间作业未审批\",\"severity\":\"major\",
  \"source\":\"inspection\",\"foundBy\":{\"name\":\"李检查\"},\"foundOn\":\"$TODAY\"}"
expect_status 201
expect state=reported townId="$TOWN" gridId="$GRID" industry=33 enterpriseName=徐州某某机械有限公司 overdue=false
HAZARD=$(field id)

# 交办 → start → submit (after-photos) → close (销号; a major hazard: someone other than the rectifier)
step "交办 (assign): the measure, who, the deadline, the funds"
call POST "/v1/hazards/$HAZARD/assign" "$INSPECTOR" -H "$JSON" -d '{
  "rectification":{"measure":"建立审批制度","responsible":{"name":"王厂长"},"deadline":"2030-12-31","funds":"1200.50"}}'
expect_status 200
# amounts are exact decimals, returned without trailing zeros: "1200.50" reads back as "1200.5"
expect state=assigned rectification.deadline=2030-12-31 rectification.funds=1200.5

step "start the rectification (整改); it shows in the town's list of hazards being rectified"
call POST "/v1/hazards/$HAZARD/start" "$INSPECTOR"
expect_status 200
expect state=rectifying
call GET "/v1/hazards?townId=$TOWN&state=rectifying" "$INSPECTOR"
expect_status 200
expect items.length=1 items.0.id="$HAZARD" items.0.responsible=王厂长

step "submit it as rectified, with the after-photos"
call POST "/v1/hazards/$HAZARD/submit" "$INSPECTOR" -H "$JSON" -d '{"note":"已整改","evidence":["after/approval.jpg"]}'
expect_status 200
expect state=submitted

step "销号 (close): not by the rectifier (403 verifier_is_rectifier), but by another inspector"
call POST "/v1/hazards/$HAZARD/close" "$INSPECTOR"
expect_status 403
expect error.code=verifier_is_rectifier
call POST "/v1/hazards/$HAZARD/close" "$VERIFIER"
expect_status 200
expect state=closed closedOn="$TODAY"

step "overdue hazards, longest overdue first: none"
call GET "/v1/hazards?overdue=true" "$INSPECTOR"
expect_status 200
expect items.length=0

step "the year's figures for 柳泉镇: found, closed, rectification rate"
call GET "/v1/hazards/figures?from=$YEAR-01-01&to=$YEAR-12-31&townId=$TOWN" "$INSPECTOR"
expect_status 200
expect found=1 closed=1 open=0 rectificationRate=100 majorFound=1 majorClosed=1

step "the rectification list (整改清单) as .xlsx"
call GET "/v1/hazards/export?list=rectification&format=xlsx&townId=$TOWN" "$INSPECTOR"
expect_status 200
expect_type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
cp "$WORK/body" "$OUT/整改清单.xlsx"

# ---- escalation: district → city (联合攻坚清单) → city leader (提请协调清单) -------------------------------------

# The demo district 320312 (铜山区) has the parent city 320300 (徐州市).
CITY=$(token --tenant 320300 --role tenant-admin --sub city-admin)
LEADER=$(token --tenant 320300 --role viewer --sub leader-zhang)

step "a hazard the district cannot resolve alone (厂房违章搭建)"
call POST /v1/hazards "$INSPECTOR" -H "$JSON" -d "{
  \"enterpriseId\":\"$UNIT\",\"category\":\"建筑安全\",\"description\":\"厂房违章搭建，区级无法协调拆除\",\"severity\":\"major\",
  \"source\":\"grid-patrol\",\"foundBy\":{\"name\":\"网格员\"},\"foundOn\":\"$TODAY\"}"
expect_status 201
HAZARD2=$(field id)

# The district escalates a hazard it cannot resolve alone: its hazard and the city's item change together
step "the district escalates it: the city's joint-tackling item (联合攻坚) is 320312-<hazard id>"
call POST "/v1/hazards/$HAZARD2/escalate" "$INSPECTOR" -H "$JSON" -d '{"reason":"涉及市级规划审批","needs":"请市住建局牵头认定"}'
expect_status 201
expect id="320312-$HAZARD2" cityId=320300 districtName=铜山区 state=escalated hazard.townName=柳泉镇
ITEM=$(field id)

step "proposals: major hazards overdue 30 days or more (none)"
call GET /v1/joint-tackling/proposals "$INSPECTOR"
expect_status 200
expect rule.majorOverdueDays=30 items.length=0

# The city sees the item (and nothing else of the district), assigns one of its departments, resolves or returns it
step "the city sees the item, and nothing else of the district"
call GET "/v1/joint-tackling?state=escalated" "$CITY"
expect_status 200
expect items.length=1 items.0.id="$ITEM"
call GET "/v1/hazards/$HAZARD2" "$CITY"
expect_status 404

step "the city names its departments, exports its 联合攻坚清单 for the month"
call PATCH /v1/settings "$CITY" -H "$JSON" -d '{"departments":["住建局"]}'
expect_status 200
expect 'departments=["住建局"]'
call GET "/v1/joint-tackling/export?format=xlsx&from=$MONTH-01&to=$TODAY" "$CITY"
expect_status 200
expect_type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
cp "$WORK/body" "$OUT/联合攻坚清单.xlsx"

step "the city assigns the item to 住建局 and comments on it"
call POST "/v1/joint-tackling/$ITEM/assign" "$CITY" -H "$JSON" -d '{"department":"住建局"}'
expect_status 200
expect state=assigned department=住建局
call POST "/v1/joint-tackling/$ITEM/comments" "$CITY" -H "$JSON" -d '{"text":"请补充产权材料"}'
expect_status 200
expect comments.0.text=请补充产权材料 comments.0.by.side=city

# The city's safety office files it to the leader in charge, who records the decision
step "the city's safety office files it to the leader in charge (提请协调清单)"
call POST /v1/coordination-requests "$CITY" -H "$JSON" -d "{
  \"month\":\"$MONTH\",\"leader\":{\"role\":\"分管副市长\",\"recipients\":[{\"subject\":\"leader-zhang\",\"name\":\"张副市长\"}]},
  \"items\":[{\"kind\":\"joint-tackling\",\"id\":\"$ITEM\",\"ask\":\"请协调住建、自然资源联合认定\"}]}"
expect_status 201
expect state=submitted month="$MONTH" items.0.id="$ITEM" items.0.district=铜山区
REQUEST=$(field id)

step "the leader records the decision"
call POST "/v1/coordination-requests/$REQUEST/decision" "$LEADER" -H "$JSON" -d '{"decision":"同意，由市住建局牵头，月底前办结"}'
expect_status 200
expect state=decided decision.text=同意，由市住建局牵头，月底前办结 decision.by.id=leader-zhang

step "the city resolves the item with its answer"
call POST "/v1/joint-tackling/$ITEM/resolve" "$CITY" -H "$JSON" -d '{"response":"市住建局已认定违建，12月20日前拆除"}'
expect_status 200
expect state=resolved response=市住建局已认定违建，12月20日前拆除

# The district reads the city's answer on its hazard
step "back in the district: the hazard carries the city's answer"
call GET "/v1/hazards/$HAZARD2" "$INSPECTOR"
expect_status 200
expect escalatedTo.id="$ITEM" escalation.state=resolved escalation.response=市住建局已认定违建，12月20日前拆除

# ---- star ratings (星级评定) and differentiated supervision (差异化监管) ---------------------------------------------

step "the star scheme library: the Shishi standardization stars and the Tongshan ten-star template"
call GET /v1/star-scheme-library "$INSPECTOR"
expect_status 200
expect items.length=2 items.0.definition.stars.0.labelCode=SS-STAR-1

step "a tenant's own scheme: one star (责任星) needing the responsibility system and an official's check"
call POST /v1/star-schemes "$ADMIN" -H "$JSON" -d '{"definition":{"title":{"zh":"铜山区亮星评级"},"stars":[{
  "id":"responsibility","name":{"zh":"责任星","en":"Responsibility star"},"attests":{"zh":"落实企业安全生产主体责任"},
  "labelCode":"TS-ZR","validityMonths":12,
  "rules":[{"type":"standardization","field":"responsibilitySystem"},{"type":"attested","what":{"zh":"现场核查全员安全生产责任制落实"}}],
  "triggers":[{"type":"accident-recorded","fatalOnly":true},{"type":"sham-flagged"}]}]}}'
expect_status 201
expect problems=[] latest.status=draft
SCHEME=$(field id)
call POST "/v1/star-schemes/$SCHEME/publish" "$ADMIN"
expect_status 200
expect publishedVersion=1

step "the unit applies (an inspector on its behalf): every rule explained; without the responsibility system, none passes"
call POST /v1/star-applications "$INSPECTOR" -H "$JSON" -d "{\"enterpriseId\":\"$UNIT\",\"schemeId\":\"$SCHEME\"}"
expect_status 201
expect status=pending evaluation.stars.0.passed=false evaluation.stars.0.rules.0.explanation.zh=未建立全员安全生产责任制
APPLICATION=$(field id)

step "refused (不予评定), with the reason: the unit is now a key inspection target for it"
call POST "/v1/star-applications/$APPLICATION/refuse" "$ADMIN" -H "$JSON" -d '{"reason":"未建立全员安全生产责任制"}'
expect_status 200
expect status=refused review.reason=未建立全员安全生产责任制
call GET "/v1/supervision-targets?reason=star-refused" "$INSPECTOR"
expect_status 200
expect items.0.enterpriseId="$UNIT" items.0.reasons~star-refused items.0.reasons~open-major-hazard

step "the unit puts the responsibility system in place (PATCH with If-Match) and applies again"
call GET "/v1/enterprises/$UNIT" "$ADMIN"
VERSION=$(field version)
call PATCH "/v1/enterprises/$UNIT" "$ADMIN" -H "If-Match: \"$VERSION\"" -H "$JSON" \
  -d '{"standardization":{"status":"in-progress","responsibilitySystem":true,"informationCollected":true}}'
expect_status 200
call POST /v1/star-applications "$INSPECTOR" -H "$JSON" -d "{\"enterpriseId\":\"$UNIT\",\"schemeId\":\"$SCHEME\"}"
expect_status 201
expect evaluation.stars.0.rules.0.passed=true evaluation.stars.0.rules.1.passed=false
expect evaluation.stars.0.rules.1.explanation.zh=待审核人确认：现场核查全员安全生产责任制落实
APPLICATION=$(field id)

step "the reviewer (not the filer) uploads the check's record and confirms the rule with it"
call POST "/v1/star-applications/$APPLICATION/files?fileName=%E7%8E%B0%E5%9C%BA%E6%A0%B8%E6%9F%A5.png" "$ADMIN" \
  -H 'Content-Type: image/png' --data-binary "@$OUT/placard.png"
expect_status 201
expect fileName=现场核查.png contentType=image/png
FILE=$(field id)
call POST "/v1/star-applications/$APPLICATION/attestations" "$ADMIN" -H "$JSON" \
  -d "{\"starId\":\"responsibility\",\"rule\":1,\"note\":\"现场查阅责任制清单及考核记录\",\"files\":[\"$FILE\"]}"
expect_status 200
expect evaluation.stars.0.passed=true "evaluation.stars.0.rules.1.explanation.zh~确认（附 1 份文件）"

step "award it with a plaque (授牌); the unit's stars show it, with a stable label code for the provincial system"
call POST "/v1/star-applications/$APPLICATION/award" "$ADMIN" -H "$JSON" \
  -d "{\"plaque\":{\"date\":\"$TODAY\",\"number\":\"铜安星〔$YEAR〕001号\"}}"
expect_status 200
expect status=awarded review.awarded.length=1
call GET "/v1/enterprises/$UNIT/stars" "$INSPECTOR"
expect_status 200
expect current.0.starName=责任星 current.0.labelCode=TS-ZR current.0.state=active current.0.awardedOn="$TODAY"
AWARD=$(field current.0.id)

step "public: the placard's page shows the star, and the scheme's roll (公开公示) lists the unit"
call GET "$PUBLIC_PATH" -
expect_status 200
expect_body 责任星
call GET "/p/320312/stars/$SCHEME" -
expect_status 200
expect_type text/html
expect_header X-Robots-Tag 'noindex, nofollow'
expect_body 徐州某某机械有限公司
expect_body 铜安星〔$YEAR〕001号

step "a fatal accident recorded suspends the star at once, with the reason"
call POST "/v1/enterprises/$UNIT/accidents" "$INSPECTOR" -H "$JSON" \
  -d "{\"occurredOn\":\"$TODAY\",\"deaths\":1,\"injuries\":0,\"source\":\"事故快报〔$YEAR〕1号\"}"
expect_status 201
call GET "/v1/enterprises/$UNIT/stars" "$INSPECTOR"
expect current.0.state=suspended current.0.suspension.fired.0.type=accident-recorded

step "an official revokes it (撤销): a reason is required"
call POST "/v1/star-awards/$AWARD/revoke" "$ADMIN" -H "$JSON" -d '{}'
expect_status 422
expect error.details.fields.0.code=reason_required
call POST "/v1/star-awards/$AWARD/revoke" "$ADMIN" -H "$JSON" -d '{"reason":"发生亡人事故"}'
expect_status 200
expect state=revoked revoked.reason=发生亡人事故
call GET "/v1/supervision-targets?reason=star-revoked" "$INSPECTOR"
expect items.0.enterpriseId="$UNIT"

step "the awarded-star list as CSV (星级评定名单), with the label codes"
call GET "/v1/star-awards/export?format=csv" "$ADMIN"
expect_status 200
expect_body TS-ZR
expect_body 已撤销

step "a benchmark enterprise (标杆企业) of the town for the year, counted in the town's figures"
call POST /v1/benchmark-enterprises "$ADMIN" -H "$JSON" -d "{\"enterpriseId\":\"$UNIT\",\"year\":$YEAR,\"reason\":\"隐患整改闭环示范\"}"
expect_status 201
call GET "/v1/benchmark-enterprises/counts?year=$YEAR" "$ADMIN"
expect_status 200
expect_body "$TOWN"

# ---- reports ------------------------------------------------------------------------------------------------

step "the town's standardization report (附件2): an official writes its 前言, the rest is counted from the data"
call PUT "/v1/towns/$TOWN/standardization-report/text" "$ADMIN" -H "$JSON" \
  -d '{"sections":{"preface":"按照市安委办部署，开展安全生产标准化提质增效督导帮扶。"}}'
expect_status 200
expect version=1
call GET "/v1/towns/$TOWN/standardization-report?rubricId=shishi-enterprise-2024" "$ADMIN"
expect_status 200
expect_type text/html
expect_body 按照市安委办部署
expect_body 三、被帮扶单位基本情况
expect_body 本节尚未填写
call GET "/v1/towns/$TOWN/standardization-report?rubricId=shishi-enterprise-2024&format=docx" "$ADMIN"
expect_status 200
expect_type application/vnd.openxmlformats-officedocument.wordprocessingml.document
cp "$WORK/body" "$OUT/town-report.docx"

step "monthly reports: none yet on a fresh database (npm run job -- monthly-report makes last month's)"
call GET "/v1/reports?type=monthly" "$ADMIN"
expect_status 200
expect items.length=0

echo "Walkthrough OK: $STEPS steps, $CHECKS checks against $API"
