/** Publishes each completed flip to the SNS topic (FLIP_TOPIC_ARN) as JSON, with a short subject. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { describeTraffic } from './rules/traffic';
import type { FlipEvent, FlipNotifier } from './notifier';

export class SnsFlipNotifier implements FlipNotifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async flipped(event: FlipEvent): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        // SNS subjects: ≤ 100 printable ASCII characters.
        Subject: `[${event.service}] ${event.cause}: now ${describeTraffic(event.to)}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 100),
        Message: JSON.stringify(event),
        MessageAttributes: { cause: { DataType: 'String', StringValue: event.cause }, service: { DataType: 'String', StringValue: event.service } },
      }),
    );
  }
}
