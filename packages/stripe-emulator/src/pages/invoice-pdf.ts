import PDFDocument from 'pdfkit';
import type Stripe from 'stripe';
import { day, money } from './layout.ts';

/** A real, small PDF of the invoice (pdfkit with its built-in Helvetica). */
export function invoicePdf(invoice: Stripe.Invoice): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: `Invoice ${invoice.number ?? invoice.id}` },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(20).text(`Invoice ${invoice.number ?? invoice.id}`);
    doc.moveDown(0.5).fontSize(10).fillColor('#555');
    doc.text(`Issued ${day(invoice.created)}   Status ${invoice.status ?? ''}`);
    if (invoice.customer_email) doc.text(`Billed to ${invoice.customer_email}`);
    doc.moveDown().fillColor('#000').fontSize(11);
    for (const line of invoice.lines.data) {
      const y = doc.y;
      doc.text(line.description ?? '', 50, y, { width: 380 });
      doc.text(money(line.amount, invoice.currency), 440, y, { width: 100, align: 'right' });
      doc.moveDown(0.3);
    }
    doc.moveDown();
    doc
      .font('Helvetica-Bold')
      .text(`Amount due: ${money(invoice.amount_due, invoice.currency)}`, { align: 'right' });
    doc
      .font('Helvetica')
      .text(`Amount paid: ${money(invoice.amount_paid, invoice.currency)}`, { align: 'right' });
    doc.end();
  });
}
