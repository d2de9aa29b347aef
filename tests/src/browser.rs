//! What the front end's browser scripts are given: the browser to drive, and the server with the demo
//! accounts to sign in as. The browser tests (`tests/tests/browser.rs`) and the user guide's screenshots
//! (`src/bin/screenshots.rs`) set up the same environment, which `frontend/tests/support/browser.mjs` reads.

use crate::TestApp;
use entities::values::{City, Role};
use lode_api::demo::{DEMO_ACCOUNTS, DemoAccount};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium to drive: `LODE_CHROMIUM`, else Debian's.
pub fn chromium() -> PathBuf {
    PathBuf::from(std::env::var("LODE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()))
}

/// The demo account that `wanted` picks.
fn demo_account(wanted: impl Fn(&DemoAccount) -> bool) -> &'static DemoAccount {
    DEMO_ACCOUNTS
        .iter()
        .find(|account| wanted(account))
        .expect("the demo data has an account of each role, and a coordinator for each city")
}

/// Gives a browser script the server `app` (started with the demo data), the browser, an admin's bearer
/// token and the demo accounts: an admin, a partner's member, and the coordinators of Ghent and Bruges.
pub fn browser_environment(command: &mut Command, app: &TestApp, chromium: &Path) {
    let partner = demo_account(|a| a.role == Role::Partner);
    let admin = demo_account(|a| a.role == Role::Admin);
    let gent = demo_account(|a| a.cities == [City::Gent]);
    let brugge = demo_account(|a| a.cities == [City::Brugge]);
    command
        .env("LODE_URL", &app.address)
        .env("LODE_CHROMIUM", chromium)
        .env("LODE_ADMIN_TOKEN", &app.admin_token)
        .env("LODE_PARTNER_EMAIL", partner.email)
        .env("LODE_PARTNER_PASSWORD", partner.password)
        .env("LODE_TEAM_EMAIL", admin.email)
        .env("LODE_TEAM_PASSWORD", admin.password)
        .env("LODE_GENT_EMAIL", gent.email)
        .env("LODE_GENT_PASSWORD", gent.password)
        .env("LODE_BRUGGE_EMAIL", brugge.email)
        .env("LODE_BRUGGE_PASSWORD", brugge.password);
}
