from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindungi.billing"
    label = "billing"
    verbose_name = "Tagihan dan pembayaran"

    def ready(self) -> None:
        # The money follows a life event: programs announces the enrolments it ended, billing
        # credits the months billed after the end (billing/services/endings.py).
        from lindungi.billing.services.endings import credit_ended
        from lindungi.programs.services.endings import enrolments_ended

        enrolments_ended.connect(credit_ended, dispatch_uid="billing.credit_ended")
