//! Plaid products (the `Products` enum of the 2020-09-14 spec).

use serde::{Deserialize, Serialize};

/// A Plaid product name, as in `initial_products`, `products` and `billed_products`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    Assets,
    Auth,
    Balance,
    BalancePlus,
    Beacon,
    Identity,
    IdentityMatch,
    Investments,
    InvestmentsAuth,
    Liabilities,
    PaymentInitiation,
    IdentityVerification,
    Transactions,
    CreditDetails,
    Income,
    IncomeVerification,
    StandingOrders,
    Transfer,
    Employment,
    RecurringTransactions,
    TransactionsRefresh,
    Signal,
    Statements,
    ProcessorPayments,
    ProcessorIdentity,
    Profile,
    CraBaseReport,
    CraIncomeInsights,
    CraPartnerInsights,
    CraNetworkInsights,
    CraCashflowInsights,
    CraMonitoring,
    CraLendScore,
    CraPlaidCreditScore,
    Layer,
    PayByBank,
    ProtectLinkedBank,
    ProtectTransactions,
}

impl Product {
    /// Products whose endpoints Tartan serves for an Item; the rest of an Item's `available_products`.
    pub const SERVED: [Self; 4] = [
        Self::Auth,
        Self::Balance,
        Self::Identity,
        Self::IdentityMatch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Assets => "assets",
            Self::Auth => "auth",
            Self::Balance => "balance",
            Self::BalancePlus => "balance_plus",
            Self::Beacon => "beacon",
            Self::Identity => "identity",
            Self::IdentityMatch => "identity_match",
            Self::Investments => "investments",
            Self::InvestmentsAuth => "investments_auth",
            Self::Liabilities => "liabilities",
            Self::PaymentInitiation => "payment_initiation",
            Self::IdentityVerification => "identity_verification",
            Self::Transactions => "transactions",
            Self::CreditDetails => "credit_details",
            Self::Income => "income",
            Self::IncomeVerification => "income_verification",
            Self::StandingOrders => "standing_orders",
            Self::Transfer => "transfer",
            Self::Employment => "employment",
            Self::RecurringTransactions => "recurring_transactions",
            Self::TransactionsRefresh => "transactions_refresh",
            Self::Signal => "signal",
            Self::Statements => "statements",
            Self::ProcessorPayments => "processor_payments",
            Self::ProcessorIdentity => "processor_identity",
            Self::Profile => "profile",
            Self::CraBaseReport => "cra_base_report",
            Self::CraIncomeInsights => "cra_income_insights",
            Self::CraPartnerInsights => "cra_partner_insights",
            Self::CraNetworkInsights => "cra_network_insights",
            Self::CraCashflowInsights => "cra_cashflow_insights",
            Self::CraMonitoring => "cra_monitoring",
            Self::CraLendScore => "cra_lend_score",
            Self::CraPlaidCreditScore => "cra_plaid_credit_score",
            Self::Layer => "layer",
            Self::PayByBank => "pay_by_bank",
            Self::ProtectLinkedBank => "protect_linked_bank",
            Self::ProtectTransactions => "protect_transactions",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_use_plaids_wire_names() {
        for product in [
            Product::Auth,
            Product::IdentityMatch,
            Product::CraBaseReport,
            Product::PayByBank,
        ] {
            let json = serde_json::to_string(&product).unwrap();
            assert_eq!(json, format!("\"{}\"", product.as_str()));
            assert_eq!(serde_json::from_str::<Product>(&json).unwrap(), product);
        }
    }
}
