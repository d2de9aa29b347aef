//! A session signed in with a temporary password ([`Viewer::ChangingPassword`]) reaches only the fields it
//! needs to choose a new one: `me`, `changePassword` and `logout` (and the schema's own `__` fields). Every
//! other root field is refused with `PASSWORD_CHANGE_REQUIRED` before it runs, queries included (answered
//! as the public's, they would hide from the client why its account shows nothing). The rules in
//! `domain::access` give such a viewer no rights besides, so nothing missed here could act for it.

use crate::domain::access::Viewer;
use crate::error::ApiError;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo,
};
use async_graphql::{Pos, ServerResult, Value};
use std::sync::Arc;

/// The root fields a session that must change its password may use.
pub const ALLOWED: &[&str] = &["me", "changePassword", "logout"];

/// The schema extension that holds a session with a temporary password to [`ALLOWED`].
pub struct PasswordChangeFirst;

impl ExtensionFactory for PasswordChangeFirst {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PasswordChangeFirst)
    }
}

#[async_trait::async_trait]
impl Extension for PasswordChangeFirst {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let restricted = info.path_node.parent.is_none()
            && ctx
                .data_opt::<Viewer>()
                .is_some_and(Viewer::must_change_password)
            && !info.name.starts_with("__")
            && !ALLOWED.contains(&info.name);
        if restricted {
            // The path is filled in by `nulls`, which answers the field with null.
            return Err(
                async_graphql::Error::new_with_source(ApiError::PasswordChangeRequired)
                    .into_server_error(Pos::default()),
            );
        }
        next.run(ctx, info).await
    }
}
