"""The fuzz run's one check: LODE never fails on its side.

A generated query may be nonsense; LODE must answer it with a client error and a stable code. A 5xx
status, or a GraphQL error coded INTERNAL (an unexpected failure in a resolver), fails the run.
"""

import schemathesis


@schemathesis.check
def lode_never_fails_on_its_side(ctx, response, case):
    """No 5xx and no INTERNAL error."""
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        body = response.json()
    except ValueError as err:
        raise AssertionError(f"the answer is not JSON: {response.text[:200]}") from err
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors or []:
        code = (error.get("extensions") or {}).get("code")
        if code is None:
            raise AssertionError(f"an error without a code: {error}")
        if code == "INTERNAL":
            raise AssertionError(f"an internal error: {error}")
