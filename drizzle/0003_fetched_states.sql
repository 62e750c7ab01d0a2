ALTER TABLE "invoices" ADD COLUMN "fetched" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "fetched" boolean DEFAULT false NOT NULL;