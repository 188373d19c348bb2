//! PostgreSQL schemas of the tests' own, with sqlx directly: the kit cannot name the
//! board's store (see the crate documentation), so a test opens its store in
//! [`Schema::name`] itself.

use sqlx::Connection;

use crate::dir::unique;

/// A schema of its own in the PostgreSQL test database, dropped afterwards.
///
/// PostgreSQL is the server at `ZHIXUAN_TEST_POSTGRES_URL`, by default
/// `postgres://postgres@127.0.0.1:5432/test`. When the server is unreachable a test fails if
/// `CI=true` — CI has the server, so its absence there is a broken pipeline — and otherwise
/// prints a notice and passes, so that the suite still runs on a machine without PostgreSQL.
pub struct Schema {
    /// The server's URL.
    pub url: String,
    /// The schema's name, of this test's own.
    pub name: String,
}

impl Schema {
    /// `None` when the server is unreachable outside CI (see [`Schema`]).
    pub async fn new() -> Option<Schema> {
        let url = std::env::var("ZHIXUAN_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let reachable = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            sqlx::PgConnection::connect(&url),
        )
        .await;
        match reachable {
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
                Some(Schema {
                    url,
                    name: unique("zhixuan_test"),
                })
            }
            failure => {
                let why = match failure {
                    Ok(Err(error)) => error.to_string(),
                    _ => "timed out".to_owned(),
                };
                if std::env::var("CI").as_deref() == Ok("true") {
                    panic!("PostgreSQL is unreachable in CI: {why}");
                }
                eprintln!("notice: PostgreSQL is unreachable ({why}); skipping this test");
                None
            }
        }
    }

    /// The URL a `zhixuan-board` process is given to keep its tables in this schema
    /// (which a store opened in it, in process, creates first).
    pub fn board_url(&self) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}options=-c%20search_path%3D{}",
            self.url, self.name
        )
    }
}

impl Drop for Schema {
    /// Drops the schema from a thread of its own: `Drop` cannot await, and runs inside the
    /// test's runtime (also while a failed test unwinds).
    fn drop(&mut self) {
        let url = self.url.clone();
        let name = self.name.clone();
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
                sqlx::raw_sql(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                conn.close().await.unwrap();
            });
        });
        if cleanup.join().is_err() {
            eprintln!("warning: could not drop the test schema {}", self.name);
        }
    }
}
